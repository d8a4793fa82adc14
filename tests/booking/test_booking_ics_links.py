"""Calendar invites (parsed back with icalendar) and the signed, expiring links."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.booking.conftest import booking_body, first_slot


def _path(url: str) -> str:
    return url.replace("http://127.0.0.1:8000", "")


def _ics(client, booked: dict) -> Calendar:
    response = client.get(_path(booked["ics_url"]))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _event(calendar: Calendar):
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_a_new_booking_is_an_invite_request_in_london_time_with_its_timezone(client, rota):
    booked = client.post("/api/triage/bookings", json=booking_body(first_slot(client)["id"])).json()
    calendar = _ics(client, booked)
    assert calendar["METHOD"] == "REQUEST"
    event = _event(calendar)
    start = event.decoded("DTSTART")
    assert start == datetime.fromisoformat(booked["start"]) and event["DTSTART"].params["TZID"] == "Europe/London"
    assert isinstance(start.tzinfo, ZoneInfo) or str(start.tzinfo) == "Europe/London"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
    assert str(event["ATTENDEE"]) == "mailto:jo.pellow@nhs.net" and str(event["ORGANIZER"]).startswith("mailto:")
    text = calendar.to_ical().decode()
    # The phone number and the case summary stay out of a file that may be forwarded.
    assert "01632" not in text and "settle" not in text
    assert len(text) < 4000  # the time zone covers the years around the booking, not since 1970


def test_a_moved_booking_keeps_its_uid_and_a_cancellation_cancels_that_event(client, rota):
    slots = client.get("/api/triage/slots").json()["slots"]
    booked = client.post("/api/triage/bookings", json=booking_body(slots[0]["id"])).json()
    token = booked["ics_url"].split("token=")[1]
    uid = str(_event(_ics(client, booked))["UID"])
    client.post(f"/api/triage/bookings/{booked['reference']}/reschedule", params={"token": token}, json={"slot_id": slots[3]["id"]})
    moved = _ics(client, booked)
    event = _event(moved)
    assert moved["METHOD"] == "REQUEST" and str(event["UID"]) == uid and event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == datetime.fromisoformat(slots[3]["start"])
    client.post(_path(booked["cancel_url"]))
    cancelled = _ics(client, booked)
    event = _event(cancelled)
    assert cancelled["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert str(event["UID"]) == uid and event["SEQUENCE"] == 2


def test_a_summer_booking_invite_carries_the_summer_offset(client, rota, clock):
    clock.set(datetime(2027, 6, 1, 10, 0, tzinfo=ZoneInfo("Europe/London")))
    booked = client.post("/api/triage/bookings", json=booking_body(first_slot(client)["id"])).json()
    start = _event(_ics(client, booked)).decoded("DTSTART")
    assert start.utcoffset() == timedelta(hours=1) and start.hour == 12


def test_a_tampered_or_borrowed_link_is_refused(client, rota):
    slots = client.get("/api/triage/slots").json()["slots"]
    first = client.post("/api/triage/bookings", json=booking_body(slots[0]["id"])).json()
    second = client.post("/api/triage/bookings", json=booking_body(slots[1]["id"], email="rafi.donnelly@nhs.net")).json()
    token = first["cancel_url"].split("token=")[1]
    assert client.post(f"/api/triage/bookings/{first['reference']}/cancel", params={"token": token[:-2] + "xx"}).status_code == 403
    assert client.post(f"/api/triage/bookings/{second['reference']}/cancel", params={"token": token}).status_code == 403
    assert client.post(f"/api/triage/bookings/{second['reference']}/cancel").status_code == 403
    assert client.get(f"/api/triage/bookings/{second['reference']}.ics").status_code == 403
    assert client.post("/api/triage/bookings/TB-NOSUCH/cancel", params={"token": token}).status_code == 404


def test_a_link_expires_after_the_horizon_plus_a_week(client, rota, clock):
    booked = client.post("/api/triage/bookings", json=booking_body(first_slot(client)["id"])).json()
    clock.advance(timedelta(days=34))
    assert client.get(_path(booked["ics_url"])).status_code == 200
    clock.advance(timedelta(days=1, minutes=1))
    expired = client.get(_path(booked["ics_url"]))
    assert expired.status_code == 403 and "expired" in expired.json()["detail"]
    page = client.get(_path(booked["manage_url"]), headers={"Accept": "text/html"})
    assert page.status_code == 403 and "This link has expired" in page.text
