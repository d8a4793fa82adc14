"""The booking pages without a browser: plain HTML that works with links and forms alone."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from consult.clock import LONDON
from tests.booking.conftest import first_slot

HTML = {"Accept": "text/html"}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _form(client, slot_id: str, method: str = "phone"):
    page = client.get(f"/book/slot/{slot_id}?method={method}")
    assert page.status_code == 200
    return _csrf(page.text)


GOOD = {"name": "Jo Pellow", "email": "jo.pellow@nhs.net", "phone": "01632 960123", "role": "Health visitor",
        "organisation": "Community health trust", "district": "Thanet", "consent": "yes",
        "summary": "Mother describes feeling detached from her four month old and is worried about it."}


def _book_through_pages(client, slot_id: str, method: str = "phone") -> str:
    token = _form(client, slot_id, method)
    done = client.post(f"/book/slot/{slot_id}", data={**GOOD, "method": method, "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303, done.text
    return done.headers["location"]


def test_the_book_page_lists_days_and_times_as_plain_links(client, rota, manager):
    client.post("/api/triage/closures", json={"day": "2026-11-27", "reason": "Team training day"}, headers=manager.headers)
    page = client.get("/book", headers=HTML)
    assert page.status_code == 200
    assert "<script" not in page.text
    assert re.search(r'<h3 id="day-2026-11-24">Tuesday 24 November</h3>', page.text)
    assert 'href="/book/slot/' in page.text and "Closed: Team training day." in page.text
    # Each time tells a screen reader its end and its day, not just "09:00".
    assert re.search(r'>09:00<span class="visually-hidden"> to 09:30 on Tuesday 24 November</span>', page.text)
    in_person = client.get("/book?method=in_person", headers=HTML).text
    assert "Thanet Family Hub" in in_person and "Tuesday 24 November" not in in_person


def test_the_form_shows_each_error_beside_its_field_and_in_a_summary(client, rota):
    slot = first_slot(client)
    token = _form(client, slot["id"])
    response = client.post(f"/book/slot/{slot['id']}", data={"csrf_token": token, "method": "phone", "summary": ""})
    assert response.status_code == 422
    assert 'class="error-summary"' in response.text and 'href="#email"' in response.text
    assert 'id="email-error"' in response.text and 'aria-invalid="true"' in response.text
    assert "Enter a phone number the clinician can call you on" in response.text
    wrong_domain = client.post(f"/book/slot/{slot['id']}", data={**GOOD, "email": "jo@hotmail.com", "method": "phone", "csrf_token": token})
    assert wrong_domain.status_code == 422 and "@kent.gov.uk" in wrong_domain.text
    assert 'value="Jo Pellow"' in wrong_domain.text  # what was typed is kept
    edited = client.post(f"/book/slot/{slot['id']}", data={**GOOD, "method": "in_person", "csrf_token": token})
    assert edited.status_code == 422 and 'id="method-error"' in edited.text


def test_a_form_post_without_the_csrf_token_is_refused(client, rota):
    slot = first_slot(client)
    client.get(f"/book/slot/{slot['id']}")
    assert client.post(f"/book/slot/{slot['id']}", data={**GOOD, "method": "phone"}).status_code == 400


def test_the_confirmation_says_when_how_and_what_to_prepare(client, rota):
    location = _book_through_pages(client, first_slot(client)["id"])
    page = client.get(location)
    assert "Your triage discussion is booked" in page.text
    assert "Monday 23 November 2026, 12:00 to 12:30 (UK time)" in page.text
    assert "The clinician will phone you on 01632 960123" in page.text
    assert "What to prepare" in page.text and "screening scores" in page.text
    assert ".ics?token=" in page.text and page.headers["cache-control"] == "no-store"


def test_video_and_in_person_confirmations_give_the_link_and_the_hub_address(client, rota):
    video = client.get(_book_through_pages(client, first_slot(client)["id"], "video")).text
    assert re.search(r'href="https://video\.example\.nhs\.uk/kent-pimhs/[0-9a-f]{20}"', video)
    hub_slot = first_slot(client, method="in_person")
    in_person = client.get(_book_through_pages(client, hub_slot["id"], "in_person")).text
    assert "Family Hub, Park Lane, Margate" in in_person


def test_a_practitioner_reschedules_and_cancels_from_the_link(client, rota):
    # Issue 21 changed this journey: the new times are links as on /book, the move is sent from the
    # chosen time's page, and cancelling asks first.
    slots = client.get("/api/triage/slots").json()["slots"]
    location = _book_through_pages(client, slots[0]["id"])
    reference, token = re.search(r"/book/manage/(TB-\w+)\?token=([^&]+)", location).groups()
    chooser = client.get(f"/book/manage/{reference}/reschedule?token={token}")
    assert f"/reschedule/{slots[4]['id']}?token=" in chooser.text and slots[0]["id"] not in chooser.text
    chosen = client.get(f"/book/manage/{reference}/reschedule/{slots[4]['id']}?token={token}")
    moved = client.post(f"/book/manage/{reference}/reschedule",
                        data={"csrf_token": _csrf(chosen.text), "token": token, "slot_id": slots[4]["id"], "method": "phone"})
    assert "Your booking has moved" in moved.text and "14:00 to 14:30" in moved.text
    cancelled = client.post(f"/book/manage/{reference}/cancel",
                            data={"csrf_token": _csrf(chosen.text), "token": token, "confirm": "yes"})
    assert "This booking was cancelled" in cancelled.text and "Cancel this booking" not in cancelled.text
    assert slots[4]["id"] in [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]


def test_a_slot_taken_meanwhile_sends_the_practitioner_back_to_choose_again(client, rota):
    slot = first_slot(client)
    token = _form(client, slot["id"])
    _book_through_pages(client, slot["id"])
    late = client.post(f"/book/slot/{slot['id']}", data={**GOOD, "method": "phone", "csrf_token": token})
    assert late.status_code == 409 and "someone else has just booked that time" in late.text


def test_when_nothing_is_free_in_time_the_page_offers_a_consultation_and_counts_it(client, db, clinician, manager):
    from booking.models import BookingShortfall
    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile

    # Triage only on Fridays: from Monday 10:00 nothing is free within two working days.
    add_weekly_rule(db=db, profile=active_profile(), clinician_id=clinician.id, weekday=4, starts=time(9), ends=time(12))
    db.commit()
    page = client.get("/book", headers=HTML)
    assert "No triage time is free in the next 2 working days" in page.text
    assert 'href="/consultations/new"' in page.text and "Friday 27 November 2026, 09:00" in page.text
    client.get("/book", headers=HTML)
    client.get("/book?method=video", headers=HTML)
    db.expire_all()
    rows = db.scalars(select(BookingShortfall).order_by(BookingShortfall.method)).all()
    assert [(r.day, r.method, r.occurrences) for r in rows] == [(date(2026, 11, 23), "any", 2), (date(2026, 11, 23), "video", 1)]
    assert rows[0].earliest_free_at == datetime(2026, 11, 27, 9, 0, tzinfo=LONDON)
    # The manager reads the same shortfalls for the demand report; clinicians may not.
    assert client.get("/api/triage/shortfalls", headers=clinician.headers).status_code == 403
    recorded = client.get("/api/triage/shortfalls", headers=manager.headers).json()["shortfalls"]
    assert sorted((r["day"], r["method"], r["occurrences"]) for r in recorded) == [
        ("2026-11-23", "any", 2), ("2026-11-23", "video", 1)]


def test_no_shortfall_is_recorded_when_a_slot_is_free_in_time(client, rota, db):
    from booking.models import BookingShortfall

    assert "No triage time is free" not in client.get("/book", headers=HTML).text
    assert db.scalars(select(BookingShortfall)).all() == []


def test_clinicians_record_attendance_on_their_list(client, rota, clinician, clock):
    reference = re.search(r"(TB-\w+)", _book_through_pages(client, first_slot(client)["id"])).group(1)
    signin = client.get("/signin")
    client.post("/signin", data={"csrf_token": _csrf(signin.text), "email": clinician.email, "password": clinician.password})
    listing = client.get("/book/clinic")
    assert reference in listing.text and "After the start time" in listing.text
    clock.advance(timedelta(hours=3))
    listing = client.get("/book/clinic")
    done = client.post(f"/book/clinic/{reference}/attendance", data={"csrf_token": _csrf(listing.text), "outcome": "did_not_attend"})
    assert f"{reference}: recorded as did not attend." in done.text
    assert 'tag-did_not_attend' in done.text


def test_the_clinic_page_is_for_clinicians_only(client, practitioner):
    assert client.get("/book/clinic", follow_redirects=False).status_code == 303


def test_the_book_page_lists_a_few_days_then_shows_more_without_javascript(client, rota):
    """Issue 21: /book was 5,800 px tall on a phone. Five days at first; "Show more days" reloads
    with five more and lands on the first new day; how the times are held is said once per day."""
    first = client.get("/book", headers=HTML).text
    days = re.findall(r'<h3 id="day-([0-9-]+)">', first)
    assert len(days) == 5 and days[0] == "2026-11-23"
    more = re.search(r'<a class="button secondary" href="(/book\?show=10#day-([0-9-]+))">Show more days', first)
    assert more and more.group(2) > days[-1]
    # Said once under the day, not beside each time (Tuesday has the evening session too).
    assert "All 20 times by phone or video" in first and "All 16 times at Thanet Family Hub or remote" in first
    assert first.count('class="slot-methods"') < first.count('class="slot"')
    second = client.get(more.group(1).split("#")[0], headers=HTML).text
    both = re.findall(r'<h3 id="day-([0-9-]+)">', second)
    assert both[:5] == days and len(both) == 10 and more.group(2) in both
    assert ">Later dates<" not in first  # it would skip the days not yet shown
    assert ">Later dates<" in client.get("/book?show=14", headers=HTML).text
    assert client.get("/book?show=99", headers=HTML).status_code == 200  # capped at the page's two weeks


def test_a_kept_book_page_still_shows_a_waiting_message_and_the_booking_it_took(client, rota):
    # /book is kept for visitors with nothing of their own to show (consult/web.py, render_kept):
    # a message waiting in the session, and a time just booked, must still reach the page.
    slots = client.get("/api/triage/slots").json()["slots"]
    first = client.get("/book", headers=HTML).text
    assert client.get("/book", headers=HTML).text == first and f"/book/slot/{slots[0]['id']}" in first
    location = _book_through_pages(client, slots[0]["id"])
    reference, token = re.search(r"/book/manage/(TB-\w+)\?token=([^&]+)", location).groups()
    client.post(f"/book/manage/{reference}/cancel", data={"csrf_token": _form(client, slots[1]["id"]), "token": token, "confirm": "yes"},
                follow_redirects=False)
    with_message = client.get("/book", headers=HTML).text
    assert "Your booking is cancelled and the time is free for someone else." in with_message
    assert "Your booking is cancelled" not in client.get("/book", headers=HTML).text  # shown once, as before
    other = client.get("/book", headers=HTML, params={"method": "video"}).text
    assert other != first and 'value="video" checked' in other
