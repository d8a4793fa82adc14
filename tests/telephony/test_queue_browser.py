"""The clinicians' queue in Chromium (issue 21's small gaps): at 390 px every line is a card, nothing
scrolls sideways; at desktop it is a table with its column headers. By keyboard a clinician claims a
call-back and filters the queue by clinician, or by lines nobody has taken. axe-core (WCAG 2.2 AA)
finds nothing on the queue or the call's page; screenshots land in artifacts/screenshots/."""
from __future__ import annotations

import re

from consult.auth.models import User
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest
from tests.conftest import screenshot, sign_in
from tests.consultations.test_pages import SUMMARY
from tests.referrals.helpers import submit
from tests.telephony.conftest import CALLER, calls
from tests.test_words_and_dates_browser import _axe_violations
from tests.workforce.test_group_browser import _tab_to

WIDTHS = (1200, 390)


def _refs(page) -> list[str]:
    return page.locator("table.queue tbody tr td:first-child .ref").all_inner_texts()


def _check(page, width: int, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert _axe_violations(page) == [], name
    screenshot(page, name)


def test_the_queue_is_cards_on_a_phone_and_a_call_back_is_claimed_and_filtered_by_keyboard(
        twilio, db, practitioner, clinician, live_server, page):
    request = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
        consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.commit()
    referral = submit(twilio.client, practitioner)["reference"]
    twilio.call("CA950", caller=CALLER)  # nobody on duty: a call-back
    (call,) = calls(db)
    sign_in(page, live_server, clinician)

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/consultations")
        assert set(_refs(page)) == {request.reference, referral, call.reference}
        cell_display = page.evaluate("getComputedStyle(document.querySelector('table.queue td')).display")
        if width == 390:
            assert cell_display == "block"  # a card: cells stacked, each named by its column
            label = page.evaluate("getComputedStyle(document.querySelector('table.queue td:nth-child(5)'), '::before').content")
            assert label == '"Clinician"'
        else:
            assert cell_display == "table-cell"
            assert page.get_by_role("columnheader").all_inner_texts() == [
                "Request", "Time left", "District", "From", "Clinician"]
        _check(page, width, f"queue-cards-{width}")

    # By keyboard: claim the call-back from its line; the call's page says who holds it.
    page.set_viewport_size({"width": 390, "height": 900})
    _tab_to(page, f"Claim {call.reference}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/telephony/calls/{call.id}")
    assert page.locator("#callback-holder").inner_text() == "Claimed by Priya Castell (you)."
    _check(page, 390, "call-claimed-390")
    page.set_viewport_size({"width": 1200, "height": 900})
    _check(page, 1200, "call-claimed-1200")

    # The clinician filter, chosen with the keyboard: the call-back is Priya's, the rest nobody's yet.
    page.goto(f"{live_server}/consultations")
    _tab_to(page, "clinician")
    page.keyboard.type("Priya")
    _tab_to(page, "Show")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/consultations\?.*clinician={clinician.id}(&|$)"))
    assert _refs(page) == [call.reference]
    assert page.locator("table.queue tbody tr td:nth-child(5)").first.inner_text().startswith("Priya Castell (you)")
    _tab_to(page, "clinician")
    page.keyboard.type("Not")
    _tab_to(page, "Show")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/consultations\?.*clinician=none"))
    assert set(_refs(page)) == {request.reference, referral}
    referral_row = page.locator("table.queue tbody tr", has_text=referral)
    assert "Not yet taken" in referral_row.locator("td:nth-child(5)").inner_text()
    _check(page, 1200, "queue-not-yet-taken-1200")
    page.set_viewport_size({"width": 390, "height": 900})
    _check(page, 390, "queue-not-yet-taken-390")
