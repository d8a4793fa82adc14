from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from consult.workforce.rules import (
    attendance_pct,
    mean_change,
    monthly_session_days,
    nth_weekday,
    session_times,
    training_outcome,
)

TUESDAY = 1


def test_the_second_tuesday_of_december_2026_is_the_8th():
    assert nth_weekday(2026, 12, TUESDAY, 2) == date(2026, 12, 8)
    assert nth_weekday(2026, 9, TUESDAY, 1) == date(2026, 9, 1)  # the month starts on a Tuesday


def test_a_year_of_second_tuesdays_gives_one_session_a_month():
    days = monthly_session_days(start=date(2026, 1, 1), end=date(2027, 1, 1), weekday=TUESDAY, week_of_month=2,
                                is_open=lambda d: True)
    assert len(days) == 12
    assert days[0] == date(2026, 1, 13) and days[-1] == date(2026, 12, 8)


def test_a_closed_day_moves_the_session_a_week_on():
    closed = {date(2026, 12, 8)}
    days = monthly_session_days(start=date(2026, 12, 1), end=date(2027, 1, 1), weekday=TUESDAY, week_of_month=2,
                                is_open=lambda d: d not in closed)
    assert days == [date(2026, 12, 15)]


def test_a_month_with_no_open_day_after_the_rule_has_no_session():
    days = monthly_session_days(start=date(2026, 12, 1), end=date(2027, 1, 1), weekday=TUESDAY, week_of_month=4,
                                is_open=lambda d: d.day < 20)
    assert days == []


def test_sessions_before_the_start_are_not_generated():
    days = monthly_session_days(start=date(2026, 11, 23), end=date(2027, 2, 1), weekday=TUESDAY, week_of_month=2,
                                is_open=lambda d: True)
    assert days == [date(2026, 12, 8), date(2027, 1, 12)]


@given(st.integers(2020, 2035), st.integers(1, 12), st.integers(0, 6), st.integers(1, 4))
def test_the_nth_weekday_is_that_weekday_in_that_week(year, month, weekday, n):
    day = nth_weekday(year, month, weekday, n)
    assert day.weekday() == weekday and day.month == month and (day.day - 1) // 7 == n - 1


def test_ten_o_clock_stays_ten_o_clock_across_the_clock_change():
    london = ZoneInfo("Europe/London")
    summer, _ = session_times(date(2026, 10, 13), time(10), 90, london)
    winter, end = session_times(date(2026, 11, 10), time(10), 90, london)
    assert summer.astimezone(london).hour == winter.astimezone(london).hour == 10
    assert summer.utcoffset() != winter.utcoffset()
    assert (end - winter).total_seconds() == 90 * 60


def test_a_delegate_completes_only_by_attending_every_day():
    assert training_outcome(["attended", "attended"], 2) == "completed"
    assert training_outcome(["attended", None], 2) == "incomplete"
    assert training_outcome(["attended", "apologies"], 2) == "incomplete"
    assert training_outcome(["did_not_attend", "attended"], 2) == "did_not_attend"


def test_percentages_and_means_are_rounded_and_empty_is_none():
    assert attendance_pct(2, 3) == 66.7
    assert attendance_pct(0, 0) is None
    assert mean_change([(2, 4), (3, 4)]) == 1.5
    assert mean_change([]) is None
