"""The reschedule list shows the first few days and "Show more days", as /book does (issue 21's small
gaps): by keyboard, without JavaScript, at desktop and 390 px; axe-core (WCAG 2.2 AA) finds nothing.
Screenshots land in artifacts/screenshots/."""
from __future__ import annotations

import re

import pytest

from tests.booking.test_booking_change_browser import _check, _manage_path, _phone

pytestmark = pytest.mark.browser
SHOW_MORE = re.compile("^Show more days")


def _day_headings(tab) -> list[str]:
    return tab.locator(".slot-days h3").all_inner_texts()


def test_the_reschedule_list_starts_with_five_days_and_shows_more_by_keyboard(live_server, browser, page, client,
                                                                                rota):
    manage = _manage_path(client)
    phone_context = _phone(browser)
    phone = phone_context.new_page()
    try:
        for tab, width in ((page, "desktop"), (phone, "390")):
            tab.goto(f"{live_server}{manage}")
            tab.get_by_role("link", name="Choose a different time").click()
            tab.wait_for_selector(".slot-days")
            # Monday 23 November (the frozen clock's day) to Friday: five days, then the link to the next
            # day with a free time (the weekend's session is not one a booking moves to).
            assert _day_headings(tab) == ["Monday 23 November", "Tuesday 24 November", "Wednesday 25 November",
                                          "Thursday 26 November", "Friday 27 November"]
            more = tab.get_by_role("link", name=SHOW_MORE)
            assert more.get_attribute("href").endswith("#day-2026-11-30")
            assert tab.get_by_role("link", name="Later dates").count() == 0  # no day is skipped over
            _check(tab, f"reschedule-five-days-{width}")

        # By keyboard: the link reloads with five days more and lands on the first new one.
        page.get_by_role("link", name=SHOW_MORE).focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"show=10#day-2026-11-30$"))
        headings = _day_headings(page)
        assert len(headings) == 10 and headings[5] == "Monday 30 November"
        assert page.evaluate("document.getElementById('day-2026-11-30').getBoundingClientRect().top") < 200
        assert "token=" in page.url  # the signed link goes along, or the page would refuse
        page.get_by_role("link", name=SHOW_MORE).focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"show=15#"))
        assert page.get_by_role("link", name=SHOW_MORE).count() == 0
        assert page.get_by_role("link", name="Later dates").is_visible()  # the fortnight is all shown now
        _check(page, "reschedule-all-days-desktop")
        phone.goto(page.url)
        _check(phone, "reschedule-all-days-390")
    finally:
        phone_context.close()


def test_show_more_days_works_with_javascript_switched_off(live_server, browser, client, rota):
    manage = _manage_path(client, "phone")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}{manage}")
        tab.get_by_role("link", name="Choose a different time").click()
        tab.get_by_role("link", name=SHOW_MORE).click()
        assert len(_day_headings(tab)) == 10
        tab.get_by_role("link", name=re.compile("^09:00 to 09:30 on Monday 30 November")).click()
        assert "Monday 30 November" in tab.inner_text("main")  # the chosen time's page, to confirm the move
    finally:
        context.close()
