"""Chromium: a clinician sees a missed call on the queue with who called, opens it, records the
call-back, and it leaves the queue; axe-core finds no WCAG 2.2 AA violation at desktop width or on a
390 px phone; screenshots of each step to look at."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from consult.clock import LONDON
from tests.conftest import SCREENSHOTS, screenshot, sign_in
from tests.telephony.conftest import CALLER, CLINICIAN_PHONE, give_phone, put_on_duty

pytestmark = pytest.mark.browser


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


@pytest.fixture
def missed_calls(db, clock, clinician, practitioner):
    """Two calls nobody could answer on Friday afternoon: one from Jo Pellow's work number, one unknown."""
    from consult.telephony import service
    from consult.telephony.provider import CallEvent

    clock.set(datetime(2026, 11, 27, 15, 40, tzinfo=LONDON))
    put_on_duty(db, date(2026, 11, 27), (clinician, CLINICIAN_PHONE))
    give_phone(db, practitioner, CALLER)
    for sid, caller in (("CA900", CALLER), ("CA901", "+447700900555")):
        service.incoming_call(db=db, provider="twilio", event=CallEvent(call_sid=sid, from_number=caller), now=clock.now())
        service.dial_result(db=db, provider="twilio", event=CallEvent(call_sid=sid, dial_status="no-answer"), attempt=1,
                            now=clock.now())
        clock.set(datetime(2026, 11, 27, 16, 20, tzinfo=LONDON))
    db.commit()
    clock.set(datetime(2026, 11, 30, 11, 30, tzinfo=LONDON))  # Monday: the first is due soon


def test_a_clinician_records_a_call_back_from_the_queue(live_server, browser, missed_calls, clinician):
    for width, label in ((1200, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB",
                                      timezone_id="Europe/London")
        page = context.new_page()
        sign_in(page, live_server, clinician)
        page.goto(f"{live_server}/consultations")
        row = page.locator("table.queue tbody tr", has_text="Jo Pellow")
        if label == "desktop":
            assert "call-back" in row.inner_text().lower() and "From Jo Pellow (Health visitor)" in row.inner_text()
            assert "900123" not in page.content()
            assert _axe_violations(page) == []
            screenshot(page, "telephony-queue-desktop")
            row.get_by_role("link", name="Call back CALL-000001").click()
        else:
            assert row.count() == 0  # recorded on the desktop run: it has left the queue
            assert _axe_violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width + 1  # no sideways scrolling
            screenshot(page, "telephony-queue-phone")
            page.get_by_role("link", name="Call back CALL-000002").click()
        assert page.get_by_role("heading", level=1).inner_text().startswith("CALL-00000")
        page.get_by_role("button", name="Record the call-back").click()  # nothing chosen yet
        assert page.locator(".error-summary").is_visible()
        assert _axe_violations(page) == []
        screenshot(page, f"telephony-call-errors-{label}")
        # Keyboard only: the first outcome, then the button.
        page.locator("#outcome input[type=radio]").first.focus()
        page.keyboard.press("Space")
        page.get_by_role("button", name="Record the call-back").focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server}/consultations")
        assert "recorded" in page.locator(".notice").inner_text()
        screenshot(page, f"telephony-after-callback-{label}")
        context.close()
    assert (SCREENSHOTS / "telephony-queue-phone.png").exists()
