"""After the referral check, focus moves to its result: the problems' summary, or the "ready to
send" notice, so keyboard and screen reader users land on what changed (issue 21)."""
from __future__ import annotations

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def test_focus_lands_on_the_problems_then_on_the_ready_result(live_server, page):
    page.goto(f"{live_server}/referrals/check")
    page.fill("#parent-district", "Medway")
    page.click("button[type=submit]")
    page.wait_for_selector(".checklist")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    screenshot(page, "readiness-problems-focus")

    page.select_option("#referrer-source", "health_visiting")
    page.fill("#parent-nhs_number", "999 000 0018")
    page.fill("#parent-district", "Thanet")
    page.fill("#infant-date_of_birth", "2026-05-01")
    page.fill("#infant-nhs_number", "999 000 0026")
    page.check("#concerns")
    page.fill("#description", "Mum says she feels nothing when holding the baby and avoids eye contact during "
                              "feeds most days now.")
    page.check("#consent-informed_consent_to_referral")
    page.fill("#screening-phq9-total", "12")
    page.fill("#screening-phq9-item9", "0")
    page.click("button[type=submit]")
    page.wait_for_selector(".result-ready")
    assert page.evaluate("document.activeElement.classList.contains('result-ready')")
    screenshot(page, "readiness-ready-focus")
