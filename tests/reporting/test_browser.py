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
    drawings = page.locator("figure.report-chart svg.chart-svg")
    assert drawings.count() >= 5
    # Every drawing actually drew: it has a size on the page and bars or lines in it.
    assert all(w > 0 for w in drawings.evaluate_all("ss => ss.map(s => s.getBoundingClientRect().width)"))
    assert all(n > 0 for n in drawings.evaluate_all("ss => ss.map(s => s.querySelectorAll('rect, polyline').length)"))
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
    # Referrals per month as a drawing; PHQ-9, MORS-SF warmth and invasion as bar lists; GAD-7 has 4 pairs.
    assert section.locator("figure.report-chart svg.chart-svg").count() == 1
    assert section.locator("figure.report-chart table.bar-list").count() == 3
    assert "not shown, to protect their privacy" in section.locator("#screening-gad7").inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SCREENSHOTS / "reporting-referral-outcomes.png"))
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    section.screenshot(path=str(SCREENSHOTS / "reporting-referral-outcomes-print.png"))


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def test_the_outcome_chart_reads_at_desktop_and_phone_width_and_the_page_is_light(db, manager, live_server, page):
    """Issue 21: long outcome labels squeezed the bars, numbers overlapped them, a legend entry was
    cut off, and the page weighed 444 KB of base64 images. Now each outcome is a row: its words,
    a bar and the count, none overlapping; legends are HTML that wraps; the page is inline SVG."""
    _demo_history(db)
    sign_in(page, live_server, manager)
    for width in (1200, 390):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto(f"{live_server}/reports/dashboard")
        assert len(response.body()) < 150_000  # was 444 KB and more with the demo history
        assert page.locator("img[src^='data:']").count() == 0
        rows = page.locator("#chart-outcomes table.bar-list tr")
        assert rows.count() == 6
        for i in range(rows.count()):
            label, bar, number = (rows.nth(i).locator(s).bounding_box() for s in ("th", ".bar-meter", "td.bar-value"))
            # The words end before the bar starts and the number starts after the bar ends: no overlap.
            assert label["x"] + label["width"] <= bar["x"] + 1 and bar["x"] + bar["width"] <= number["x"] + 1
            assert bar["width"] >= 60  # a bar, not a sliver
        assert "Referral for parent-infant relationship intervention advised" in rows.first.inner_text()
        # No legend entry is cut off: each lies inside its figure.
        for figure in page.locator("figure.report-chart:has(.chart-legend)").all():
            box = figure.bounding_box()
            for entry in figure.locator(".chart-legend li").all():
                e = entry.bounding_box()
                assert box["x"] <= e["x"] and e["x"] + e["width"] <= box["x"] + box["width"] + 1
        # The page itself never scrolls sideways; only a drawing's own box may.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _axe_violations(page) == []
        screenshot(page, f"reporting-dashboard-{width}")
