"""The working-day calendar: named cases a practitioner would recognise, then properties."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consult.clock import LONDON
from consult.profiles import load_profile
from consult.workdays import WorkingCalendar

KENT = load_profile("kent")


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar(KENT)


def london(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_weekdays_are_working_days_and_weekends_are_not(calendar):
    assert calendar.is_working_day(date(2026, 11, 23))  # Monday
    assert not calendar.is_working_day(date(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(date(2026, 11, 29))  # Sunday


@pytest.mark.parametrize(
    "day, name",
    [
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day"),  # 26th is a Saturday: substitute day on Monday 28th
        (date(2027, 1, 1), "New Year's Day"),
        (date(2026, 5, 25), "Spring Bank Holiday"),
    ],
)
def test_england_bank_holidays_are_closed(calendar, day, name):
    assert not calendar.is_working_day(day)
    assert name.split()[0] in (calendar.bank_holiday_name(day) or "")


def test_a_scottish_only_holiday_is_a_working_day_in_england(calendar):
    assert calendar.is_working_day(date(2026, 11, 30))  # St Andrew's Day (observed in Scotland)


def test_closures_from_the_database_close_the_service_for_the_day():
    cal = WorkingCalendar(KENT, closures=[date(2026, 11, 25)])
    assert not cal.is_working_day(date(2026, 11, 25))
    assert cal.add_working_days(date(2026, 11, 24), 1) == date(2026, 11, 26)


def test_adding_working_days_skips_the_easter_weekend(calendar):
    # Thursday before Easter + 1 working day = Tuesday after Easter Monday.
    assert calendar.add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_adding_working_days_over_christmas(calendar):
    # Thursday 24 Dec 2026 + 2 working days: 25th and 28th are holidays, weekend between.
    assert calendar.add_working_days(date(2026, 12, 24), 2) == date(2026, 12, 30)


def test_a_request_at_friday_half_past_five_is_due_on_tuesday_at_five(calendar):
    received = london(2026, 11, 27, 17, 30)
    assert calendar.next_opening(received) == london(2026, 11, 30, 9, 0)
    assert calendar.add_working_days_in_hours(received, 2) == london(2026, 12, 1, 17, 0)


def test_two_working_days_from_monday_morning_is_wednesday_morning(calendar):
    assert calendar.add_working_days_in_hours(london(2026, 11, 23, 10, 0), 2) == london(2026, 11, 25, 10, 0)


def test_a_request_before_opening_starts_its_clock_at_nine(calendar):
    assert calendar.add_working_days_in_hours(london(2026, 11, 24, 7, 45), 2) == london(2026, 11, 25, 17, 0)


def test_a_request_on_christmas_eve_afternoon_is_due_after_the_holidays(calendar):
    # Thu 24 Dec 15:00: 2h that day, then Tue 29 Dec 8h, then 6h on Wed 30 Dec -> 15:00.
    assert calendar.add_working_days_in_hours(london(2026, 12, 24, 15, 0), 2) == london(2026, 12, 30, 15, 0)


def test_office_hours_stay_nine_to_five_when_the_clocks_go_forward(calendar):
    # Clocks go forward on Sunday 29 March 2026: Friday 16:00 GMT + 2 working hours is Monday 10:00 BST.
    due = calendar.add_working_hours(london(2026, 3, 27, 16, 0), 2)
    assert due == london(2026, 3, 30, 10, 0)
    assert due.astimezone(UTC).hour == 9  # 10:00 BST is 09:00 UTC


def test_office_hours_stay_nine_to_five_when_the_clocks_go_back(calendar):
    # Clocks go back on Sunday 25 October 2026.
    due = calendar.add_working_hours(london(2026, 10, 23, 16, 30), 1)
    assert due == london(2026, 10, 26, 9, 30)
    assert calendar.working_hours_between(london(2026, 10, 23, 16, 30), due) == 1


def test_working_time_between_counts_only_open_hours(calendar):
    assert calendar.working_hours_between(london(2026, 11, 27, 16, 0), london(2026, 11, 30, 10, 0)) == 2
    assert calendar.working_hours_between(london(2026, 11, 28, 10, 0), london(2026, 11, 29, 16, 0)) == 0
    assert calendar.working_hours_between(london(2026, 11, 30, 10, 0), london(2026, 11, 27, 16, 0)) == -2


def test_is_open_and_next_opening(calendar):
    assert calendar.is_open(london(2026, 11, 23, 9, 0))
    assert not calendar.is_open(london(2026, 11, 23, 17, 0))
    assert calendar.next_opening(london(2026, 11, 23, 18, 0)) == london(2026, 11, 24, 9, 0)
    assert calendar.next_opening(london(2026, 12, 24, 18, 0)) == london(2026, 12, 29, 9, 0)


def test_naive_datetimes_are_refused(calendar):
    with pytest.raises(ValueError):
        calendar.next_opening(datetime(2026, 11, 23, 10, 0))


# -- properties ------------------------------------------------------------------------------
instants = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)
hours = st.floats(min_value=0, max_value=200, allow_nan=False).map(lambda h: timedelta(minutes=round(h * 60)))


@settings(max_examples=300, deadline=None)
@given(start=instants, amount=hours)
def test_adding_working_time_then_measuring_it_gives_it_back(calendar, start, amount):
    end = calendar.add_working_time(start, amount)
    assert end >= start
    assert calendar.working_time_between(start, end) == amount


@settings(max_examples=300, deadline=None)
@given(start=instants, amount=hours)
def test_a_deadline_always_falls_within_office_hours_on_a_working_day(calendar, start, amount):
    end = calendar.add_working_time(start, amount).astimezone(LONDON)
    if amount > timedelta(0):
        assert calendar.is_working_day(end.date())
        assert KENT.office_hours.opens <= end.time() <= KENT.office_hours.closes


@settings(max_examples=200, deadline=None)
@given(start=instants, a=hours, b=hours)
def test_more_working_time_never_gives_an_earlier_deadline(calendar, start, a, b):
    small, large = sorted([a, b])
    assert calendar.add_working_time(start, small) <= calendar.add_working_time(start, large)


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)), n=st.integers(0, 40))
def test_adding_n_working_days_crosses_exactly_n_working_days(calendar, day, n):
    result = calendar.add_working_days(day, n)
    assert calendar.is_working_day(result)
    if n > 0:
        assert calendar.working_days_between(day + timedelta(days=1), result + timedelta(days=1)) == n


@settings(max_examples=200, deadline=None)
@given(a=instants, b=instants, c=instants)
def test_working_time_adds_up_across_a_split(calendar, a, b, c):
    first, middle, last = sorted([a, b, c])
    assert calendar.working_time_between(first, last) == (
        calendar.working_time_between(first, middle) + calendar.working_time_between(middle, last)
    )
