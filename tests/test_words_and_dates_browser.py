"""Issue 21, in the browser: dates the UK way, the baby's age, and words instead of codes on the
referral and audit pages; axe-core finds no WCAG 2.2 AA violation at desktop or phone width."""
from __future__ import annotations

import re

from tests.conftest import screenshot, sign_in
from tests.referrals.helpers import submit, triage

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
WIDTHS = (1200, 390)


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def _definition(page, term: str) -> str:
    return page.locator(f"dt:text-is(\"{term}\") + dd").inner_text()


def test_a_clinician_reads_the_referral_with_uk_dates_the_babys_age_and_a_timeline_in_words(
        client, practitioner, clinician, live_server, page):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    sign_in(page, live_server, clinician)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/referrals/{reference}")
        # The frozen clock says Monday 23 November 2026; the invented baby was born on 1 May 2026.
        assert _definition(page, "Baby's date of birth") == "1 May 2026 (6 months old)"
        assert _definition(page, "Parent's date of birth") == "2 March 1994"
        main = page.locator("main").inner_text()
        assert not ISO_DATE.search(main), ISO_DATE.search(main)
        timeline = page.locator("ol.timeline").inner_text()
        assert "Received · Jo Pellow · Mon 23 Nov 10:00" in timeline
        assert "Triaged · Priya Castell · Mon 23 Nov 10:00 · Eligible (THRIVE: Getting help)" in timeline
        assert "outcome:" not in timeline and "_" not in timeline
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert _axe_violations(page) == []
        screenshot(page, f"referral-uk-dates-{width}")


def test_the_audit_log_names_people_and_accounts_and_says_what_they_did(client, practitioner, manager,
                                                                         live_server, page):
    submit(client, practitioner)
    sign_in(page, live_server, manager)  # the sign-in is audited against the manager's own account
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/audit")
        table = page.locator("table.audit")
        sign_in_row = table.locator("tr", has_text="Signed in").first
        cells = sign_in_row.locator("td").all_inner_texts()
        assert cells[1].splitlines() == ["Helen Marsh", "Manager"]  # who, with their role when they acted
        assert cells[3] == "Account of Helen Marsh (manager)"  # not "user:5"
        assert not re.search(r"\buser:\d+", table.inner_text())
        actions = set(table.locator("td:nth-child(3)").all_inner_texts())
        assert actions and all(a[0].isupper() for a in actions), actions  # "Created", not "create"
        assert "consent to data linkage given" in table.inner_text()  # not "data_linkage"
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # the table scrolls in its own box
        assert page.locator("#action option").all_inner_texts()[1:] == [
            "Created", "Read", "Changed", "Exported", "Signed in", "Purged"]
        assert _axe_violations(page) == []
        screenshot(page, f"audit-words-{width}")
