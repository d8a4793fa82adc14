"""In Chromium: a clinician books a family's assessment and, after the time, marks it did not attend;
axe-core finds no WCAG 2.2 AA violation on the pages, at desktop width and on a 390 px phone."""
from __future__ import annotations

from datetime import datetime

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe

from consult.clock import LONDON
from tests.conftest import screenshot, sign_in
from tests.referrals.helpers import GUIDANCE, body

pytestmark = pytest.mark.browser
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def _no_violations(page) -> None:
    results = Axe().run(page, options=WCAG_22_AA)
    assert results.violations_count == 0, results.generate_report()


def _eligible_referral(base: str, practitioner, clinician) -> str:
    sent = httpx.post(f"{base}/api/referrals", json=body(), headers=practitioner.headers)
    reference = sent.json()["reference"]
    triaged = httpx.post(f"{base}/api/referrals/{reference}/triage", headers=clinician.headers,
                         json={"outcome": "eligible", "thrive": "getting_help", "guidance": GUIDANCE})
    assert triaged.status_code == 200, triaged.text
    return reference


def test_a_clinician_books_an_assessment_and_marks_it_did_not_attend(live_server, page, clock, practitioner, clinician):
    reference = _eligible_referral(live_server, practitioner, clinician)
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/referrals/{reference}")
    page.get_by_role("link", name="Appointments: book an assessment or session, record attendance").click()
    assert page.get_by_role("heading", name=f"Appointments for {reference}").is_visible()

    # A Wednesday evening is outside core hours and every extra session: the error is beside the time.
    page.get_by_label("Date").fill("2026-11-25")
    page.get_by_label("Start time").fill("20:00")
    page.get_by_role("button", name="Book the appointment").click()
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
    _no_violations(page)
    screenshot(page, "pathway-1-booking-error")

    page.get_by_label("What is it for?").select_option("assessment")
    page.get_by_label("Date").fill("2026-11-24")
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("radio", name="Clinic").check()
    page.get_by_label("Family Hub or clinic (for a clinic appointment)").select_option("Thanet Family Hub")
    page.get_by_role("button", name="Book the appointment").click()
    assert page.get_by_text("Assessment booked for Tuesday 24 November 2026 at 10:00.").is_visible()
    assert page.get_by_role("cell", name="Clinic, Thanet Family Hub").is_visible()
    # Before it starts only cancellations are offered.
    assert page.get_by_role("button", name="Did not attend: assessment").count() == 0
    _no_violations(page)
    screenshot(page, "pathway-2-booked")

    clock.set(datetime(2026, 11, 24, 11, 0, tzinfo=LONDON))
    sign_in(page, live_server, clinician)  # a day on, yesterday's session has ended (sessions last 8 hours)
    page.goto(f"{live_server}/referrals/{reference}/appointments")
    page.get_by_role("button", name="Did not attend: assessment").click()
    assert page.get_by_text("Recorded: did not attend.").is_visible()
    assert page.get_by_role("cell", name="Did not attend", exact=True).is_visible()
    _no_violations(page)
    screenshot(page, "pathway-3-did-not-attend")

    page.set_viewport_size({"width": 390, "height": 844})
    _no_violations(page)
    screenshot(page, "pathway-4-did-not-attend-phone")
    page.goto(f"{live_server}/referrals/waiting")
    assert page.get_by_role("heading", name="Families waiting").is_visible()
    _no_violations(page)
    screenshot(page, "pathway-5-waiting-phone")
    page.set_viewport_size({"width": 1200, "height": 900})
    screenshot(page, "pathway-6-waiting-desktop")
    page.goto(f"{live_server}/caseload")
    _no_violations(page)
    screenshot(page, "pathway-7-caseload")


def test_the_booking_form_works_with_the_keyboard_alone(live_server, page, practitioner, clinician):
    reference = _eligible_referral(live_server, practitioner, clinician)
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/referrals/{reference}/appointments")
    page.get_by_label("Start time").focus()  # the date is today's by default
    page.keyboard.type("1130")
    page.get_by_label("Video call").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Book the appointment").focus()
    page.keyboard.press("Enter")
    booked = page.get_by_text("Assessment booked for Monday 23 November 2026 at 11:30.")
    booked.wait_for(timeout=10_000)  # Enter starts a navigation that the key press does not wait for
    screenshot(page, "pathway-8-keyboard")
    assert booked.is_visible() and page.get_by_role("cell", name="Video call").is_visible()


def _fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_clinician_records_outcome_measures_and_hands_the_family_over_on_a_phone_with_the_keyboard(
        live_server, page, practitioner, clinician, second_clinician):
    reference = _eligible_referral(live_server, practitioner, clinician)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/referrals/{reference}")
    page.get_by_role("link", name="Outcome measures: record CBTS, ADBB, HADS, PIOS or ASQ:SE-2 totals").click()
    assert page.get_by_role("heading", name=f"Outcome measures for {reference}").is_visible()
    _no_violations(page)
    assert _fits_the_width(page)

    # An ASQ:SE-2 total without its age interval: the problem is named at the top and beside the box.
    page.get_by_label("ASQ:SE-2 total").focus()
    page.keyboard.type("45")
    page.get_by_role("button", name="Record the totals").focus()
    page.keyboard.press("Enter")
    summary = page.get_by_role("alert")
    summary.wait_for(timeout=10_000)
    assert summary.get_by_text("age interval in months").is_visible()
    _no_violations(page)
    screenshot(page, "pathway-9-outcomes-error-phone")

    page.get_by_label("Stage").select_option("assessment")
    page.get_by_label("ASQ:SE-2 age interval").select_option("12")
    page.get_by_label("PIOS (Parent Infant Interaction Observation Scale) total").focus()
    page.keyboard.type("30")
    page.get_by_role("button", name="Record the totals").focus()
    page.keyboard.press("Enter")
    recorded = page.get_by_text("At assessment: recorded PIOS (Parent Infant Interaction Observation Scale) total, "
                                "ASQ:SE-2 total.")
    recorded.wait_for(timeout=10_000)
    assert page.get_by_text("(12-month questionnaire)").is_visible()
    _no_violations(page)
    assert _fits_the_width(page)
    screenshot(page, "pathway-10-outcomes-recorded-phone")

    page.goto(f"{live_server}/referrals/{reference}/appointments")
    page.get_by_label("Clinician who will hold the family").select_option(label=second_clinician.name)
    page.get_by_role("button", name="Hand over").focus()
    page.keyboard.press("Enter")
    handed = page.get_by_text(f"{reference} is now held by {second_clinician.name}.")
    handed.wait_for(timeout=10_000)
    assert page.locator("#holder").get_by_text(f"Held by {second_clinician.name}.").is_visible()
    _no_violations(page)
    assert _fits_the_width(page)
    screenshot(page, "pathway-11-hand-over-phone")
