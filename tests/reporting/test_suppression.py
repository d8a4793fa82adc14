"""Small-count suppression: primary ("<5") and secondary ("[c]") so nothing can be worked back."""
from __future__ import annotations

from consult.reporting.suppression import suppress_group, suppress_report


def test_counts_from_one_to_four_are_hidden_and_zero_and_five_are_shown():
    assert suppress_group({"a": 0, "b": 1, "c": 4, "d": 5, "e": 40}, 5) == {"a": 0, "b": "<5", "c": "<5", "d": 5, "e": 40}


def test_a_single_hidden_cell_takes_the_next_smallest_with_it():
    # Without the second hidden cell, Swale = 16 - 7 - 6 would be there for anyone to work out.
    out = suppress_group({"Thanet": 7, "Dover": 6, "Swale": 3, "Ashford": 0}, 5)
    assert out == {"Thanet": 7, "Dover": "[c]", "Swale": "<5", "Ashford": 0}


def test_two_hidden_cells_need_no_third():
    assert suppress_group({"a": 9, "b": 2, "c": 3}, 5) == {"a": 9, "b": "<5", "c": "<5"}


def test_the_threshold_comes_from_the_caller():
    assert suppress_group({"a": 9, "b": 12, "c": 30}, 10) == {"a": "<10", "b": "[c]", "c": 30}


def test_rates_over_a_small_base_are_hidden_with_it():
    report = {"consultations": 3, "acknowledged_within_target_pct": 66.7, "advised": 2, "open_past_time_limit": 0,
              "advised_within_target_pct": 50.0, "median_working_hours_to_advice": 7.5, "feedback_forms": 12,
              "confidence_change": 1.2}
    out = suppress_report(report, 5)
    assert out["consultations"] == "<5"
    assert out["acknowledged_within_target_pct"] == "[c]"
    assert out["advised_within_target_pct"] == "[c]" and out["median_working_hours_to_advice"] == "[c]"
    assert out["confidence_change"] == 1.2  # twelve forms is enough


def test_the_parts_of_a_published_total_are_suppressed_as_a_group():
    report = {"bookings": 20, "bookings_attended": 12, "did_not_attend": 2, "bookings_cancelled": 6,
              "bookings_not_yet_recorded": 0}
    out = suppress_report(report, 5)
    assert out["did_not_attend"] == "<5"
    assert out["bookings_cancelled"] == "[c]"  # else 20 - 12 - 6 - 0 gives the did-not-attend count
    assert out["bookings"] == 20 and out["bookings_attended"] == 12


def test_a_mean_withheld_at_its_source_reads_as_confidential_not_blank():
    report = {"gad7_pairs": 4, "gad7_change": None, "phq9_pairs": 0, "phq9_change": None,
              "mors_warmth_pairs": 5, "mors_warmth_change": 7.0}
    out = suppress_report(report, 5)
    assert out["gad7_pairs"] == "<5" and out["gad7_change"] == "[c]"
    assert out["phq9_pairs"] == 0 and out["phq9_change"] is None  # no pairs at all: nothing to hide
    assert out["mors_warmth_change"] == 7.0
