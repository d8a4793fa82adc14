"""The families' feedback page in Chromium: on a 390 px phone, with axe-core (WCAG 2.2 AA) finding
nothing, by keyboard, and with JavaScript switched off. Screenshots at desktop and phone width
land in artifacts/screenshots/."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from consult.voice.models import FamilyFeedback
from tests.conftest import screenshot

pytestmark = pytest.mark.browser
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
              "resultTypes": ["violations"]}


def _violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_22_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


def _phone(browser, **extra):
    return browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                               has_touch=True, locale="en-GB", timezone_id="Europe/London", **extra)


def test_the_feedback_page_on_a_phone_has_no_axe_violations_and_fits_the_screen(live_server, browser, page, db):
    page.goto(f"{live_server}/feedback")
    assert _violations(page) == []
    screenshot(page, "feedback-desktop")

    context = _phone(browser)
    phone = context.new_page()
    phone.goto(f"{live_server}/f")  # the short link on the card
    assert phone.url.endswith("/feedback")
    assert _violations(phone) == []
    # Nothing wider than the phone: no sideways scrolling to read or answer.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "feedback-phone-390")

    # By keyboard: Tab to the first answer, arrow to the next, Tab to the comment, type, submit.
    phone.focus("#rating-very_good")
    phone.keyboard.press("ArrowDown")
    assert phone.eval_on_selector("#rating-good", "el => el.checked")
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.id") == "comment"
    phone.keyboard.type("My baby Maisie enjoyed it")
    phone.keyboard.press("Tab")
    phone.keyboard.press("Enter")
    phone.wait_for_selector(".error-summary")
    assert _violations(phone) == []
    screenshot(phone, "feedback-phone-390-refused")
    phone.fill("#comment", "The sessions helped us a lot.")
    phone.click("button[type=submit]")
    phone.wait_for_selector("text=Thank you")
    assert _violations(phone) == []
    context.close()
    assert db.scalars(select(FamilyFeedback.comment)).all() == ["The sessions helped us a lot."]


def test_the_feedback_page_works_with_javascript_switched_off(live_server, browser, db):
    context = _phone(browser, java_script_enabled=False)
    phone = context.new_page()
    phone.goto(f"{live_server}/feedback")
    phone.check("#rating-neither")
    phone.click("button[type=submit]")
    assert "Thank you" in phone.content()
    context.close()
    assert db.scalar(select(FamilyFeedback.rating)) == "neither"


def test_the_staff_pages_have_no_axe_violations_on_a_phone(live_server, browser, manager):
    from tests.conftest import sign_in

    context = _phone(browser)
    phone = context.new_page()
    sign_in(phone, live_server, manager)
    phone.wait_for_selector("text=Sign out", state="attached")  # on a phone it sits behind the Menu button
    phone.goto(f"{live_server}/complaints/new")
    assert phone.url.endswith("/complaints/new")
    assert _violations(phone) == []
    phone.click("text=Record the complaint")  # nothing filled in: errors beside the fields
    phone.wait_for_selector(".error-summary")
    assert _violations(phone) == []
    phone.fill("#about", "Waiting time for triage")
    phone.check("#source-parent")
    phone.fill("#summary", "The parent was not told how long the wait for triage would be.")
    phone.click("text=Record the complaint")
    phone.wait_for_selector("text=Timeline")
    assert _violations(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(phone, "complaint-phone-390")
    for path in ("/complaints", "/compliments", "/reports/narrative", "/feedback/card"):
        phone.goto(f"{live_server}{path}")
        assert _violations(phone) == [], path
    screenshot(phone, "feedback-card-phone-390")
    context.close()
