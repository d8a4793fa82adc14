"""Referrals and families' outcomes on the dashboard, the annual statement and the return,
against `referral_quarter` counted by hand (see tests/reporting/conftest.py)."""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

from consult.reporting import dashboard
from consult.reporting.figures import period_series, quarterly_report
from consult.reporting.periods import Period, quarter
from tests.privacy.helpers import web_sign_in
from tests.reporting import helpers as h

WITHHELD = "Fewer than 5 families with both scores: not shown, to protect their privacy."


def _row(page: str, key: str) -> str:
    """The text of one measure's row in the screening table, tags removed."""
    row = re.search(rf'<tr id="screening-{key}">(.*?)</tr>', page, re.DOTALL)
    assert row, key
    return _words(row.group(1))


def _words(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _section(page: str) -> str:
    found = re.search(r'<section class="referral-outcomes".*?</section>', page, re.DOTALL)
    assert found
    return found.group(0)


def test_the_quarters_referral_figures_match_the_hand_count(db, referral_quarter):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert report["referrals"] == 8                            # 6 Jul to 7 Sep; May, June and 1 Oct left out
    assert report["referrals_triaged"] == 7                    # all but the one still waiting on 2 Sep
    assert report["triaged_within_target_pct"] == 85.7         # 6 of 7: 20 Jul was late
    assert report["eligible_pct"] == 66.7                      # 4 eligible of 6 decided (more information is not a decision)
    assert report["referrals_declined"] == 2
    assert report["interventions_started"] == 5                # 27 Jul, 29 Jul, 20 Aug, 1 Sep, and 6 Jul for a June referral
    assert report["intervention_started_within_target_pct"] == 60.0  # 3 of 5
    assert report["referrals_by_source"] == {"early_help": 1, "family_hub": 1, "health_visiting": 4, "midwifery": 2}


def test_screening_change_is_over_each_measures_own_pairs_and_withheld_below_the_threshold(db, referral_quarter):
    report = quarterly_report(db=db, period=quarter("2026Q3"))
    assert report["screening_pairs"] == 6  # interventions ended 20 Jul, 10 Aug, 14, 15, 21 and 28 Sep; not 5 Oct
    # PHQ-9, 5 pairs (at the threshold): 15->8, 12->10, 20->11, 9->9, 17->6.
    assert report["phq9_pairs"] == 5
    assert (report["phq9_before_mean"], report["phq9_after_mean"], report["phq9_change"]) == (14.6, 8.8, -5.8)
    # GAD-7, 4 pairs (one under the threshold): withheld, though its mean would be -2.75.
    assert report["gad7_pairs"] == 4
    assert (report["gad7_before_mean"], report["gad7_after_mean"], report["gad7_change"]) == (None, None, None)
    # MORS-SF, 6 pairs: warmth 91/6 -> 133/6 (+42/6), invasion 111/6 -> 80/6 (-31/6).
    assert report["mors_warmth_pairs"] == 6 and report["mors_invasion_pairs"] == 6
    assert (report["mors_warmth_before_mean"], report["mors_warmth_after_mean"], report["mors_warmth_change"]) == (
        15.17, 22.17, 7.0)
    assert (report["mors_invasion_before_mean"], report["mors_invasion_after_mean"], report["mors_invasion_change"]) == (
        18.5, 13.33, -5.17)


def test_gad7_appears_once_a_longer_period_reaches_five_pairs(db, referral_quarter):
    report = quarterly_report(db=db, period=Period(date(2026, 7, 1), date(2026, 10, 6), "Q3 and early October"))
    # The intervention that ended on 5 October adds GAD-7 21->0 to the quarter's 12->7, 10->9, 15->8, 6->8.
    assert report["gad7_pairs"] == 5
    assert (report["gad7_before_mean"], report["gad7_after_mean"], report["gad7_change"]) == (12.8, 6.4, -6.4)


def test_referrals_per_month_are_stacked_by_source_with_declined_counted_once(db, referral_quarter):
    series = period_series(db=db, period=quarter("2026Q3"))
    assert series["referrals_by_source"] == {
        "health_visiting": {"2026-07": 2, "2026-09": 1},  # 5 Aug was declined: counted under declined only
        "midwifery": {"2026-08": 1},                      # 20 Jul was declined
        "family_hub": {"2026-08": 1},
        "early_help": {"2026-09": 1},
    }
    assert series["referrals_declined"] == {"2026-07": 1, "2026-08": 1}


def test_a_chart_is_drawn_for_each_measure_with_enough_pairs_and_none_for_gad7(db, referral_quarter):
    board = dashboard.build(db=db, period=quarter("2026Q3"))
    assert [c.key for c in board.charts if c.key.startswith("screening_")] == [
        "screening_phq9", "screening_mors_warmth", "screening_mors_invasion"]
    phq9 = board.chart("screening_phq9")
    assert phq9.rows == [["At assessment", "14.6"], ["At the end of intervention", "8.8"], ["Families with both scores", 5]]
    assert "lower is better" in phq9.title and "on a scale of 0 to 27" in phq9.alt
    referrals = board.chart("referrals")
    # Largest source first, ties by name, declined always on top of the stack.
    assert referrals.headers == ["Month", "Health visiting", "Early Help", "Family Hub practitioners", "Midwifery",
                                 "Declined at triage"]
    assert [sum(int(v or 0) for v in row[1:]) for row in referrals.rows] == [3, 3, 2]  # each month's referrals received
    # An inline drawing (no base64 image), each series named in its group's <title>, no script or style.
    svg = str(referrals.svg)
    assert svg.startswith("<svg") and "<script" not in svg and "<style" not in svg
    assert "<title>Declined at triage</title>" in svg


def test_the_dashboard_shows_the_referral_section_with_the_hand_counted_numbers(client, manager, referral_quarter):
    web_sign_in(client, manager)
    section = _section(client.get("/reports/dashboard?quarter=2026Q3").text)
    text = _words(section)
    assert "Referrals and families' outcomes" in text
    assert "8 referrals received" in text
    assert "85.7% triaged within 2 working days (7 triaged)" in text
    assert "66.7% found eligible" in text and "2 declined at triage" in text
    assert "5 interventions started" in text and "60.0% started within 15 working days of assessment" in text
    assert _row(section, "phq9") == "PHQ-9 parent's depression symptoms, 0 to 27 Lower 5 14.6 8.8 down 5.8 (better)"
    assert _row(section, "gad7") == f"GAD-7 parent's anxiety symptoms, 0 to 21 Lower {WITHHELD}"
    assert _row(section, "mors_warmth").endswith("Higher 6 15.2 22.2 up 7.0 (better)")
    assert _row(section, "mors_invasion").endswith("Lower 6 18.5 13.3 down 5.2 (better)")
    for key in ("referrals", "screening_phq9", "screening_mors_warmth", "screening_mors_invasion"):
        assert f'id="chart-{key}"' in section, key
    assert 'id="chart-screening_gad7"' not in section
    assert "-2.75" not in section and "2.8" not in text  # the withheld GAD-7 change is nowhere on the page


def test_the_annual_statement_shows_the_year_with_gad7_at_five_pairs(client, manager, referral_quarter):
    web_sign_in(client, manager)
    page = client.get("/reports/annual?year=2026").text  # 1 April 2026 to today, 23 November 2026
    section = _section(page)
    text = _words(section)
    assert "13 referrals received" in text
    assert "90.9% triaged within 2 working days (11 triaged)" in text  # 10 of 11
    assert "70.0% found eligible" in text and "3 declined at triage" in text  # 7 of 10 decided
    assert "7 interventions started 71.4% started within 15 working days" in text  # 5 of 7
    # Seven interventions ended in the year; PHQ-9 and GAD-7 add the 5 October family's 27->0 and 21->0.
    assert _row(section, "phq9").endswith("Lower 6 16.7 7.3 down 9.3 (better)")   # 100/6 -> 44/6
    assert _row(section, "gad7").endswith("Lower 5 12.8 6.4 down 6.4 (better)")    # 64/5 -> 32/5
    assert _row(section, "mors_warmth").endswith("Higher 7 13.0 24.0 up 11.0 (better)")  # 91/7 -> 168/7
    assert _row(section, "mors_invasion").endswith("Lower 7 20.9 11.4 down 9.4 (better)")  # 146/7 -> 80/7
    assert 'id="chart-screening_gad7"' in section


def test_without_referrals_the_section_says_so_in_words(client, manager):
    web_sign_in(client, manager)
    section = _section(client.get("/reports/dashboard?quarter=2026Q3").text)
    # One row per measure: MORS-SF warmth and invasion, PHQ-9, GAD-7, and the pathway's CBiTS, ADBB, HADS (two),
    # PIOS and ASQ:SE-2.
    assert section.count("No family had both scores in this period.") == 10
    assert "Nothing was recorded in this period." in section and "data:image/svg" not in section


def test_neither_page_shows_anything_that_identifies_a_family_or_referrer(client, db, manager, referral_quarter):
    from sqlalchemy import select

    from consult.referrals.models import Referral

    references = db.scalars(select(Referral.reference)).all()
    web_sign_in(client, manager)
    for path in ("/reports/dashboard?quarter=2026Q3", "/reports/annual?year=2026"):
        page = client.get(path).text
        for secret in (*h.IDENTIFIERS, h.SECRET_NHS_NUMBER, "999 000 0018", h.SECRET_POSTCODE, h.SECRET_DESCRIPTION,
                       *references):
            assert secret.lower() not in page.lower(), (path, secret)


def test_the_return_hides_a_withheld_measure_and_its_small_pair_count(client, manager, referral_quarter):
    text = client.get("/api/reports/quarterly.csv?quarter=2026Q3", headers=manager.headers).text
    cells = {(section, measure): value for section, measure, value in csv.reader(io.StringIO(text))}
    assert cells[("summary", "phq9_pairs")] == "5" and cells[("summary", "phq9_change")] == "-5.8"
    assert cells[("summary", "gad7_pairs")] == "<5"
    assert cells[("summary", "gad7_change")] == "[c]" and cells[("summary", "gad7_before_mean")] == "[c]"
    assert cells[("summary", "mors_invasion_change")] == "-5.17"
