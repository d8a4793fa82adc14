"""The acknowledgement clock and the other pure rules, on the real working calendar."""
from __future__ import annotations

from datetime import date, datetime

from consult.clock import LONDON
from consult.profiles import load_profile
from consult.voice import rules
from consult.workdays import WorkingCalendar

KENT = load_profile("kent")


def _clock(received: date, closures=()):
    calendar = WorkingCalendar(KENT, closures)
    clocks = rules.acknowledgement_clocks(calendar, received, working_days=3, due_soon_fraction=0.75)
    return calendar, clocks


def test_a_complaint_received_on_christmas_eve_is_acknowledged_by_the_last_day_of_the_year():
    # Fri 25 Dec is Christmas Day; Boxing Day is a Saturday, so Mon 28 Dec is its substitute day.
    calendar, clocks = _clock(date(2026, 12, 24))
    assert calendar.bank_holiday_name(date(2026, 12, 28))
    assert rules.acknowledge_by(calendar, clocks) == date(2026, 12, 31)  # Tue 29, Wed 30, Thu 31


def test_a_complaint_received_on_a_saturday_starts_its_clock_on_monday():
    calendar, clocks = _clock(date(2026, 11, 28))
    assert rules.acknowledge_by(calendar, clocks) == date(2026, 12, 2)


def test_a_closure_day_adds_a_day_to_the_clock():
    calendar, clocks = _clock(date(2026, 11, 23), closures=[date(2026, 11, 25)])
    assert rules.acknowledge_by(calendar, clocks) == date(2026, 11, 27)


def test_the_state_is_due_soon_on_the_last_day_and_overdue_after_it():
    _, clocks = _clock(date(2026, 11, 23))  # acknowledge by Thu 26 Nov
    def state(at):
        return rules.acknowledgement_state(now=at, status="received", due_soon_at=clocks.due_soon_at,
                                           deadline=clocks.respond_by)

    assert state(datetime(2026, 11, 24, 12, 0, tzinfo=LONDON)) == "on_track"
    assert state(datetime(2026, 11, 26, 12, 0, tzinfo=LONDON)) == "due_soon"
    assert state(datetime(2026, 11, 27, 9, 30, tzinfo=LONDON)) == "overdue"
    assert rules.acknowledgement_state(now=datetime(2026, 11, 27, 9, 30, tzinfo=LONDON), status="acknowledged",
                                       due_soon_at=clocks.due_soon_at, deadline=clocks.respond_by) == "done"


def test_the_steps_follow_in_order():
    assert rules.may_follow("received", "acknowledged") and rules.may_follow("acknowledged", "investigating")
    assert not rules.may_follow("received", "investigating")
    assert not rules.may_follow("closed", "acknowledged")


def test_the_positive_share_leaves_out_dont_know():
    assert rules.positive_pct({"very_good": 3, "good": 1, "poor": 1, "dont_know": 5}) == 80.0
    assert rules.positive_pct({"dont_know": 2}) is None


def test_a_comment_naming_someone_or_holding_a_number_is_refused_in_plain_words():
    assert rules.comment_problem("Lovely staff, thank you") is None
    assert "phone number" in rules.comment_problem("Ring me on 07700 900123")
    assert "name" in rules.comment_problem("My baby Maisie loved the sessions")
    assert rules.comment_problem("   ") is None


def test_learning_needs_fall_under_the_first_matching_theme():
    themes = {code: t.keywords for code, t in KENT.voice.learning_themes.items()}
    assert rules.theme_for("Observing parent-infant interaction", themes) == "observing_interaction"
    assert rules.theme_for("Using the MORS-SF", themes) == "screening_tools"
    assert rules.theme_for("Writing reports", themes) == "other"
    assert rules.theme_for(None, themes) is None
