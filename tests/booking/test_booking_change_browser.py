"""Changing a booking in Chromium (issue 21): the reschedule page reads like /book, cancelling asks
first and works by keyboard and without JavaScript, a cancelled booking says so; focus lands on the
error summary after a form error. axe-core (WCAG 2.2 AA) finds nothing; screenshots at desktop and
390 px land in artifacts/screenshots/."""
from __future__ import annotations

import re

import pytest

from tests.booking.test_booking_pages import _book_through_pages
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


def _manage_path(client, method="video") -> str:
    slots = client.get("/api/triage/slots").json()["slots"]
    return _book_through_pages(client, slots[0]["id"], method)


def _check(page, name: str) -> None:
    assert _violations(page) == [], name
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], name
    screenshot(page, name)


def test_reschedule_cancel_and_cancelled_pages_at_desktop_and_phone_width(live_server, browser, page, client, rota):
    manage = _manage_path(client)
    phone_context = _phone(browser)
    phone = phone_context.new_page()
    try:
        for tab, width in ((page, "desktop"), (phone, "390")):
            tab.goto(f"{live_server}{manage}")
            tab.get_by_role("link", name="Choose a different time").click()
            assert tab.get_by_role("heading", name="Thursday 26 November").is_visible()
            assert tab.get_by_role("link", name=re.compile("^10:00 to 10:30 on Thursday 26 November")).inner_text() \
                .endswith("Thanet Family Hub or remote")
            _check(tab, f"booking-reschedule-{width}")
            tab.get_by_role("link", name=re.compile("^10:00 to 10:30 on Thursday 26 November")).click()
            assert tab.get_by_label(re.compile("^In person at Thanet Family Hub")).is_visible()
            _check(tab, f"booking-reschedule-time-{width}")
            tab.goto(f"{live_server}{manage}")
            tab.get_by_role("link", name="Cancel this booking").click()
            assert tab.get_by_role("heading", name="Cancel your triage booking?").is_visible()
            _check(tab, f"booking-cancel-confirm-{width}")
        # Keep it: nothing changed. Then cancel for real, by keyboard alone.
        page.get_by_role("link", name="No, keep it").click()
        page.wait_for_selector("text=Choose a different time")
        assert page.get_by_role("link", name="Cancel this booking").is_visible()
        page.get_by_role("link", name="Cancel this booking").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/cancel?token=*")
        page.get_by_role("button", name="Yes, cancel this booking").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#cancelled")
        assert page.get_by_role("link", name="Book another time").is_visible()
        assert page.locator("a[href^='https://']").count() == 0  # no video link left to follow
        _check(page, "booking-cancelled-desktop")
        phone.goto(f"{live_server}{manage}")
        _check(phone, "booking-cancelled-390")
    finally:
        phone_context.close()


def test_cancelling_works_with_javascript_switched_off(live_server, browser, client, rota):
    manage = _manage_path(client, "phone")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}{manage}")
        tab.get_by_role("link", name="Cancel this booking").click()
        tab.get_by_role("button", name="Yes, cancel this booking").click()
        assert tab.get_by_text("This booking was cancelled").is_visible()
    finally:
        context.close()


def test_focus_moves_to_the_error_summary_after_a_form_error(live_server, page, browser, rota):
    page.goto(f"{live_server}/book")
    page.get_by_role("link", name="12:00 to 12:30 on Monday 23 November").click()
    page.get_by_role("button", name="Book this time").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    # Tab from there goes to the first message's link, which leads to its field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#name"
    screenshot(page, "booking-form-error-focus")
    # Without JavaScript the summary carries autofocus, and it still comes first on the page.
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}/book")
        tab.get_by_role("link", name="12:00 to 12:30 on Monday 23 November").click()
        tab.get_by_role("button", name="Book this time").click()
        assert tab.locator(".error-summary[autofocus]").is_visible()
    finally:
        context.close()
