"""Each figure of the quarterly return against values worked out by hand from `quarter_data`."""
from __future__ import annotations

from consult.reporting.figures import quarterly_report
from consult.reporting.periods import quarter


def test_consultation_counts_and_time_limits_match_the_hand_count(db, quarter_data):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert report["quarter"] == "2026Q3"
    assert (report["period_start"], report["period_end"]) == ("2026-07-01", "2026-09-30")
    assert report["consultations"] == 6          # 1 Jul to 30 Sep; 30 Jun and 1 Oct left out
    assert report["advised"] == 4
    assert report["open"] == 1 and report["open_past_time_limit"] == 1
    assert report["withdrawn"] == 1
    assert report["acknowledged_within_target_pct"] == 83.3   # 5 of 6
    assert report["advised_within_target_pct"] == 60.0        # 3 in time of 4 advised + 1 still open past its limit
    assert report["median_working_hours_to_advice"] == 8.0    # 4, 6, 10, 20 -> (6 + 10) / 2


def test_breakdowns_match_the_hand_count(db, quarter_data):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert {k: v for k, v in report["by_district"].items() if v} == {"Thanet": 2, "Dover": 2, "Swale": 2}
    assert report["by_district"]["Ashford"] == 0  # every district is listed, so returns line up
    assert report["by_role"] == {"Health visitor": 4, "Midwife": 1, "Not recorded": 1}
    assert report["by_channel"] == {"web": 4, "slack": 1, "phone": 1, "video": 0, "in_person": 0}
    assert {k: v for k, v in report["by_outcome"].items() if v} == {
        "pir_referral_advised": 2, "universal_targeted_offer": 1, "other_service": 1}
    assert {k: v for k, v in report["by_thrive"].items() if v} == {
        "getting_help": 1, "getting_advice": 2, "getting_more_help": 1}
    assert {k: v for k, v in report["by_cluster"].items() if v} == {"3": 1, "5": 1}


def test_confidence_is_counted_by_when_the_feedback_was_given(db, quarter_data):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert report["feedback_forms"] == 3               # 10 Jul, 1 Aug, 2 Jul; 2 Oct is the next quarter's
    assert report["confidence_before_mean"] == 2.0     # (2 + 3 + 1) / 3
    assert report["confidence_after_mean"] == 3.67     # (4 + 3 + 4) / 3
    assert report["confidence_change"] == 1.67         # (2 + 0 + 3) / 3
    assert report["confidence_improved_pct"] == 66.7
    assert report["helpfulness_mean"] == 4.0


def test_bookings_shortfalls_and_faq_match_the_hand_count(db, quarter_data):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert report["bookings"] == 5
    assert (report["bookings_attended"], report["did_not_attend"], report["bookings_cancelled"],
            report["bookings_not_yet_recorded"]) == (2, 1, 1, 1)
    assert report["did_not_attend_pct"] == 33.3        # 1 of the 3 whose attendance was recorded
    assert report["shortfall_days"] == 2 and report["shortfall_searches"] == 6
    assert report["faq_questions"] == 6 and report["faq_unanswered"] == 2 and report["faq_answered"] == 4
    assert report["faq_risk_handed_to_clinician"] == 1


def test_workforce_figures_join_the_return(db, quarter_data):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    for key in ("supervision_sessions", "supervision_attendance_pct", "training_delegates", "training_completed"):
        assert key in report


def test_an_empty_quarter_reports_zeros_and_no_rates(db):
    report = quarterly_report(db=db, period=quarter("2025Q1"))
    assert report["consultations"] == 0 and report["bookings"] == 0
    assert report["acknowledged_within_target_pct"] is None
    assert report["median_working_hours_to_advice"] is None
    assert report["confidence_change"] is None
