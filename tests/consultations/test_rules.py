"""Pure rules: respond-by across weekends and bank holidays, due-soon, the cluster score, offering."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.clock import LONDON
from consult.consultations import rules
from consult.consultations.privacy import identifying_problem
from consult.profiles import load_profile
from consult.workdays import WorkingCalendar

KENT = load_profile("kent")
CAL = WorkingCalendar(KENT)


def _clocks(at: datetime) -> rules.Clocks:
    return rules.clocks_for(CAL, at, advise_working_days=2, due_soon_fraction=0.75)


def test_respond_by_is_two_working_days_later_in_working_hours():
    assert _clocks(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)).respond_by == datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)


def test_respond_by_skips_the_weekend():
    friday_afternoon = datetime(2026, 11, 27, 15, 30, tzinfo=LONDON)
    assert _clocks(friday_afternoon).respond_by == datetime(2026, 12, 1, 15, 30, tzinfo=LONDON)


def test_a_request_sent_on_saturday_starts_its_clock_on_monday_morning():
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=LONDON)
    # Monday 09:00 + 16 working hours = Tuesday 17:00.
    assert _clocks(saturday).respond_by == datetime(2026, 12, 1, 17, 0, tzinfo=LONDON)


def test_respond_by_skips_christmas_and_boxing_day_bank_holidays():
    # Thursday 24 Dec 2026 14:00; Fri 25 Dec and Mon 28 Dec (Boxing Day substitute) are bank holidays.
    christmas_eve = datetime(2026, 12, 24, 14, 0, tzinfo=LONDON)
    assert _clocks(christmas_eve).respond_by == datetime(2026, 12, 30, 14, 0, tzinfo=LONDON)


def test_respond_by_skips_an_early_may_bank_holiday_and_a_training_day():
    with_training_day = WorkingCalendar(KENT, closures=[datetime(2027, 5, 4).date()])
    friday = datetime(2027, 4, 30, 12, 0, tzinfo=LONDON)  # Mon 3 May 2027 is a bank holiday
    clocks = rules.clocks_for(with_training_day, friday, advise_working_days=2, due_soon_fraction=0.75)
    assert clocks.respond_by == datetime(2027, 5, 6, 12, 0, tzinfo=LONDON)


def test_due_soon_comes_at_three_quarters_of_the_working_time():
    clocks = _clocks(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON))
    # 16 working hours allowed; 12 used by Tuesday 14:00.
    assert clocks.due_soon_at == datetime(2026, 11, 24, 14, 0, tzinfo=LONDON)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31)))
def test_the_due_soon_point_always_falls_between_receipt_and_respond_by(naive):
    received = naive.replace(tzinfo=LONDON)
    clocks = _clocks(received)
    assert received < clocks.due_soon_at < clocks.respond_by
    assert CAL.working_hours_between(received, clocks.respond_by) == pytest.approx(16)


def test_the_clock_state_moves_from_on_track_to_due_soon_to_overdue_and_stops_once_advised():
    clocks = _clocks(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON))
    state = lambda now, status="acknowledged": rules.clock_state(  # noqa: E731
        now=now, status=status, due_soon_at=clocks.due_soon_at, respond_by=clocks.respond_by)
    assert state(clocks.due_soon_at - timedelta(minutes=1)) == rules.ON_TRACK
    assert state(clocks.due_soon_at) == rules.DUE_SOON
    assert state(clocks.respond_by) == rules.OVERDUE
    assert state(clocks.respond_by, "advised") == rules.DONE


@pytest.mark.parametrize("scores, cluster", [
    ({"severity": 1, "relationship": 1, "protection": 1, "parent_mental_health": 1}, 1),
    ({"severity": 3, "relationship": 4, "protection": 2, "parent_mental_health": 3}, 3),
    ({"severity": 3, "relationship": 4, "protection": 2, "parent_mental_health": 4}, 3),
    ({"severity": 4, "relationship": 4, "protection": 2, "parent_mental_health": 4}, 4),
    ({"severity": 2, "relationship": 2, "protection": 5, "parent_mental_health": 2}, 5),
    ({"severity": 6, "relationship": 6, "protection": 6, "parent_mental_health": 6}, 6),
    ({"severity": 2, "relationship": None, "protection": 1, "parent_mental_health": 2}, None),
])
def test_the_cluster_is_the_rounded_mean_raised_to_the_child_protection_score(scores, cluster):
    assert rules.derive_cluster(scores) == cluster


def test_clusters_one_to_three_are_getting_help_and_four_to_six_getting_more_help():
    assert [rules.thrive_for_cluster(c) for c in range(1, 7)] == ["getting_help"] * 3 + ["getting_more_help"] * 3


def test_the_least_loaded_duty_clinician_is_offered_a_new_request_rota_order_breaking_ties():
    assert rules.least_loaded([7, 3, 9], {7: 2, 3: 1, 9: 1}) == 3
    assert rules.least_loaded([7, 3], {}) == 7
    assert rules.least_loaded([], {1: 0}) is None


def test_urgent_requests_come_before_routine_ones_with_less_time_left():
    soon = datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)
    later = soon + timedelta(days=1)
    keys = sorted([("routine", soon), ("urgent", later)], key=lambda k: rules.queue_order(*k))
    assert keys[0][0] == "urgent"


def test_time_left_reads_naturally():
    assert rules.describe_time_left(timedelta(hours=5)) == "5 working hours left"
    assert rules.describe_time_left(timedelta(minutes=40)) == "40 working minutes left"
    assert rules.describe_time_left(timedelta(hours=-3)) == "overdue by 3 working hours"


@pytest.mark.parametrize("text", [
    "Baby's NHS number is 943 476 5919", "call mum on 07700 900123", "born 03/02/2026",
    "lives at CT9 1AA", "mum emails me at someone@example.com",
])
def test_summaries_with_obvious_identifiers_are_refused_without_echoing_them(text):
    problem = identifying_problem(text)
    assert problem and "943" not in problem and "07700" not in problem


def test_an_ordinary_summary_passes_the_identifier_check():
    assert identifying_problem("Mother of a 4 month old, low mood since birth, finds feeds at 3am hard; "
                               "PHQ-9 of 14 last week.") is None
