"""The dashboard, log and annual statement in a real browser, on the demo history."""
from __future__ import annotations

from consult.seeding import SeedOptions
from tests.conftest import SCREENSHOTS, screenshot, sign_in


def _demo_history(db) -> None:
    from consult.consultations import demo as consultations_demo
    from consult.core import demo as core_demo

    options = SeedOptions(consultations=600)
    core_demo.seed(db, options)
    consultations_demo.seed(db, options)
    db.commit()


def test_a_manager_reads_the_dashboard_without_script_or_csp_errors(db, manager, live_server, page):
    _demo_history(db)
    problems: list[str] = []
    # Console errors would show a CSP refusal; failed responses a missing asset (the favicon aside).
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/reports/dashboard")
    assert page.locator("h1").inner_text().startswith("Dashboard")
    images = page.locator("figure.report-chart img")
    assert images.count() >= 7
    # Every chart actually drew: an image that failed to decode has no natural width.
    assert all(w > 0 for w in images.evaluate_all("imgs => imgs.map(i => i.naturalWidth)"))
    screenshot(page, "reporting-dashboard")
    page.select_option("#quarter", "2026Q3")
    page.click("form.filters button[type=submit]")
    assert "2026Q3" in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    screenshot(page, "reporting-dashboard-print")
    assert problems == []


def test_the_log_filters_with_the_keyboard_and_opens_a_timeline_link(db, manager, live_server, page):
    _demo_history(db)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/reports/log")
    page.select_option("#district", "Thanet")
    page.focus("form.filters button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**district=Thanet**")
    districts = page.locator("table.log tbody tr td:nth-child(3)").all_inner_texts()
    assert districts and set(districts) == {"Thanet"}
    assert page.locator("table.log tbody a").first.get_attribute("href").startswith("/consultations/PIMH-")
    screenshot(page, "reporting-log")


def test_the_annual_statement_prints(db, manager, live_server, page):
    _demo_history(db)
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/reports/annual?year=2025")
    assert "Annual impact statement 2025-26" in page.locator("h1").inner_text()
    page.emulate_media(media="print")
    screenshot(page, "reporting-annual-print")


def test_a_manager_reads_referrals_and_families_outcomes_on_screen_and_in_print(db, manager, live_server, page,
                                                                                referral_quarter):
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/reports/dashboard?quarter=2026Q3")
    section = page.locator("section.referral-outcomes")
    assert section.locator("h2").inner_text() == "Referrals and families' outcomes"
    images = section.locator("figure.report-chart img")
    assert images.count() == 4  # referrals per month, PHQ-9, MORS-SF warmth and invasion; GAD-7 has 4 pairs
    assert all(w > 0 for w in images.evaluate_all("imgs => imgs.map(i => i.naturalWidth)"))
    assert "not shown, to protect their privacy" in section.locator("#screening-gad7").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "reporting-referral-outcomes.png"))
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    section.screenshot(path=str(SCREENSHOTS / "reporting-referral-outcomes-print.png"))
