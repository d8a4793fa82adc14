"""Changing a booking from its signed link, without a browser: cancelling asks first, a cancelled
booking says so and offers to book again, and the new times look like /book's (issue 21)."""
from __future__ import annotations

import re

from booking.models import Booking
from tests.booking.test_booking_pages import _book_through_pages, _csrf


def _linked(client, rota, method="phone", index=0):
    slots = client.get("/api/triage/slots").json()["slots"]
    location = _book_through_pages(client, slots[index]["id"], method)
    reference, token = re.search(r"/book/manage/(TB-\w+)\?token=([^&]+)", location).groups()
    return reference, token, slots


def _status(db, reference) -> str:
    db.expire_all()
    return db.query(Booking).filter_by(reference=reference).one().status.value


def test_the_first_click_on_cancel_only_asks_and_the_second_cancels(client, db, rota):
    reference, token, _ = _linked(client, rota)
    manage = client.get(f"/book/manage/{reference}?token={token}")
    ask_path = f"/book/manage/{reference}/cancel?token={token}"
    assert f'href="{ask_path}"' in manage.text  # a link to a page, not a form that acts

    # A cancel form sent without the confirmation (an old page, a double click) changes nothing.
    csrf = _csrf(client.get(ask_path).text)
    unconfirmed = client.post(f"/book/manage/{reference}/cancel", data={"csrf_token": csrf, "token": token},
                              follow_redirects=False)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == ask_path
    assert _status(db, reference) == "booked"

    ask = client.get(ask_path)
    assert "Cancel your triage booking?" in ask.text and "Yes, cancel this booking" in ask.text
    assert f'href="/book/manage/{reference}?token={token}"' in ask.text and "No, keep it" in ask.text
    assert 'name="confirm" value="yes"' in ask.text
    done = client.post(f"/book/manage/{reference}/cancel", data={"csrf_token": _csrf(ask.text), "token": token,
                                                                "confirm": "yes"})
    assert done.status_code == 200 and _status(db, reference) == "cancelled"


def test_a_cancelled_video_booking_hides_the_link_and_offers_to_book_again(client, db, rota):
    reference, token, _ = _linked(client, rota, method="video")
    before = client.get(f"/book/manage/{reference}?token={token}")
    video = re.search(r'href="(https://[^"]+)">', before.text).group(1)
    assert "your advice will be recorded here" in before.text
    ask = client.get(f"/book/manage/{reference}/cancel?token={token}")
    client.post(f"/book/manage/{reference}/cancel", data={"csrf_token": _csrf(ask.text), "token": token, "confirm": "yes"})

    after = client.get(f"/book/manage/{reference}?token={token}")
    assert "This booking was cancelled" in after.text and 'href="/book">Book another time' in after.text
    assert video not in after.text and "Join the video call" not in after.text
    assert "your advice will be recorded here" not in after.text
    assert "Add to your calendar" not in after.text and "Cancel this booking" not in after.text


def test_the_new_times_are_grouped_by_day_with_method_and_place_on_each(client, rota):
    reference, token, _ = _linked(client, rota)
    page = client.get(f"/book/manage/{reference}/reschedule?token={token}")
    assert page.status_code == 200 and 'type="radio"' not in page.text
    thursday = re.search(r'<h3 id="day-2026-11-26">Thursday 26 November</h3>(.*?)</ul>', page.text, re.S).group(1)
    # Thursday has the Family Hub as well as phone and video: every time is listed once, and the
    # day says once how all of them are held (the compact list /book uses; issue 21).
    times = re.findall(r'<a class="slot" href="[^"]+">(\d\d:\d\d)<', thursday)
    assert times and len(times) == len(set(times))
    assert f"All {len(times)} times at Thanet Family Hub or remote" in thursday
    monday = re.search(r'<h3 id="day-2026-11-23">Monday 23 November</h3>(.*?)</ul>', page.text, re.S).group(1)
    assert "phone or video" in monday


def test_moving_onto_a_time_taken_meanwhile_shows_the_error_summary(client, rota):
    reference, token, slots = _linked(client, rota)
    chosen = client.get(f"/book/manage/{reference}/reschedule/{slots[3]['id']}?token={token}")
    _book_through_pages(client, slots[3]["id"])  # someone else takes it first
    late = client.post(f"/book/manage/{reference}/reschedule", data={
        "csrf_token": _csrf(chosen.text), "token": token, "slot_id": slots[3]["id"], "method": "phone"})
    assert late.status_code == 409
    assert 'class="error-summary"' in late.text and "There is a problem" in late.text
    assert '<a href="#times">Sorry, someone else has just booked that time' in late.text
    assert 'id="times"' in late.text and "notice-error" not in late.text


def test_a_method_the_time_does_not_offer_is_shown_beside_the_choice(client, rota):
    reference, token, slots = _linked(client, rota)
    chosen = client.get(f"/book/manage/{reference}/reschedule/{slots[3]['id']}?token={token}")
    refused = client.post(f"/book/manage/{reference}/reschedule", data={
        "csrf_token": _csrf(chosen.text), "token": token, "slot_id": slots[3]["id"], "method": "in_person"})
    assert refused.status_code == 422
    assert '<a href="#method">Choose how the discussion will be held</a>' in refused.text
    assert 'id="method-error"' in refused.text


def test_the_cancel_page_says_what_happens_to_the_consultation(client, rota, practitioner):
    from tests.booking.conftest import booking_body
    from tests.consultations.test_api import REQUEST

    slots = client.get("/api/triage/slots").json()["slots"]
    opened = client.post("/api/triage/bookings", json=booking_body(slots[0]["id"], email="rafi.donnelly@nhs.net",
                                                                   name="Rafi Donnelly")).json()
    ask = client.get(opened["cancel_url"].replace("http://127.0.0.1:8000", "").replace("/api/triage/bookings/", "/book/manage/"))
    assert ask.status_code == 200 and "that this booking opened is withdrawn with it" in ask.text
    # A request made first and joined by the booking stays open, so the page does not say otherwise.
    asked = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    joined = client.post("/api/triage/bookings", json=booking_body(slots[2]["id"], consultation_reference=asked),
                         headers=practitioner.headers).json()
    ask = client.get(joined["cancel_url"].replace("http://127.0.0.1:8000", "").replace("/api/triage/bookings/", "/book/manage/"))
    assert ask.status_code == 200 and "Cancel your triage booking?" in ask.text and "withdrawn with it" not in ask.text


def test_a_cancelled_booking_never_reads_as_booked_even_from_the_first_confirmation_address(client, db, rota):
    reference, token, _ = _linked(client, rota)
    assert "Your triage discussion is booked" in client.get(f"/book/manage/{reference}?token={token}&new=1").text
    ask = client.get(f"/book/manage/{reference}/cancel?token={token}")
    client.post(f"/book/manage/{reference}/cancel", data={"csrf_token": _csrf(ask.text), "token": token, "confirm": "yes"})
    again = client.get(f"/book/manage/{reference}?token={token}&new=1").text  # the browser's history, say
    assert "Your triage discussion is booked" not in again
    assert re.search(r"<h1>Cancelled triage booking <span class=\"ref\">", again)
    assert "This booking was cancelled on Monday 23 November 2026 at 10:00." in again
