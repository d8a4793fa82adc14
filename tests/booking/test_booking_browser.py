"""A practitioner books, sees the confirmation and cancels, in Chromium (no JavaScript needed)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser


def test_a_practitioner_books_sees_the_confirmation_and_cancels(live_server, page, rota):
    page.goto(f"{live_server}/book")
    screenshot(page, "booking-1-book")
    page.get_by_role("link", name="12:00 to 12:30 on Monday 23 November").click()
    screenshot(page, "booking-2-form")

    # Sending it empty shows the errors, linked from a summary, beside each field.
    page.get_by_role("button", name="Book this time").click()
    assert page.get_by_role("alert").get_by_text("There is a problem").is_visible()
    screenshot(page, "booking-3-form-errors")

    page.get_by_label("Your name").fill("Jo Pellow")
    page.get_by_label("Work email address").fill("jo.pellow@nhs.net")
    page.get_by_label("Phone number").fill("01632 960123")
    page.get_by_label("District you work in").select_option("Thanet")
    page.get_by_label("What would you like to discuss?").fill(
        "Mother says she feels nothing for her baby and is frightened by it; what should I do next?")
    page.get_by_label("The parent knows I am asking").check()
    page.get_by_role("button", name="Book this time").click()

    assert page.get_by_role("heading", name="Your triage discussion is booked").is_visible()
    assert page.get_by_text("Monday 23 November 2026, 12:00 to 12:30 (UK time)").is_visible()
    assert page.get_by_text("The clinician will phone you on 01632 960123").is_visible()
    screenshot(page, "booking-4-confirmation")

    page.get_by_role("link", name="Choose a different time").click()
    screenshot(page, "booking-4b-reschedule")
    # Issue 21: the new times are links as on /book, and cancelling asks first.
    page.get_by_role("link", name="09:30 to 10:00 on Tuesday 24 November").click()
    page.get_by_role("button", name="Move my booking").click()
    assert page.get_by_text("Tuesday 24 November 2026, 09:30 to 10:00 (UK time)").is_visible()

    page.get_by_role("link", name="Cancel this booking").click()
    page.get_by_role("button", name="Yes, cancel this booking").click()
    assert page.get_by_text("Your booking is cancelled and the time is free for someone else.").is_visible()
    screenshot(page, "booking-5-cancelled")

    page.goto(f"{live_server}/book")
    assert page.get_by_role("link", name="12:00 to 12:30 on Monday 23 November").is_visible()


def test_the_times_can_be_reached_and_chosen_with_the_keyboard(live_server, page, rota):
    page.goto(f"{live_server}/book?method=video")
    link = page.get_by_role("link", name="12:00 to 12:30 on Monday 23 November")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("12:00"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/book/slot/**")
    assert page.get_by_label("Video call: you get a link to join").is_checked()
    assert link is not None


def test_a_clinician_sees_the_list_and_records_attendance(live_server, page, rota, clinician, clock):
    import httpx

    from tests.booking.conftest import booking_body

    slot = httpx.get(f"{live_server}/api/triage/slots").json()["slots"][0]
    reference = httpx.post(f"{live_server}/api/triage/bookings", json=booking_body(slot["id"], method="video")).json()["reference"]
    clock.advance(timedelta(hours=2, minutes=10))
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/book/clinic")
    page.get_by_role("button", name=f"Attended {reference}").click()
    assert page.get_by_text(f"{reference}: recorded as attended.").is_visible()
    screenshot(page, "booking-6-clinic")


def test_when_nothing_is_free_in_time_the_page_offers_a_consultation(live_server, page, db, clinician):
    from datetime import time

    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile

    add_weekly_rule(db=db, profile=active_profile(), clinician_id=clinician.id, weekday=4, starts=time(9), ends=time(10))
    db.commit()
    page.goto(f"{live_server}/book")
    assert page.get_by_role("link", name="Request a consultation instead").is_visible()
    screenshot(page, "booking-7-shortfall")
