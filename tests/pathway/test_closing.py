"""Closing or withdrawing a referral cancels the family's appointments still to come ("cancelled by
the service") in the same transaction; past appointments and outcomes already recorded stay as they
are; the clinician's calendar file marks the cancelled sessions so a calendar app drops them."""
from __future__ import annotations

from datetime import datetime

from icalendar import Calendar

from consult.clock import LONDON
from tests.referrals.helpers import submit, triage

LETTER = "Thank you for referring the family. We met them for several sessions and the work has now ended."


def _book(client, clinician, reference, starts, kind="assessment", method="clinic"):
    response = client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                           json={"starts": starts, "kind": kind, "method": method})
    assert response.status_code == 201, response.text
    return response.json()["id"]


def _statuses(client, clinician, reference) -> dict[int, str]:
    listed = client.get(f"/api/referrals/{reference}/appointments", headers=clinician.headers).json()
    return {a["id"]: a["status"] for a in listed["appointments"]}


def _events(client, clinician) -> dict[str, dict]:
    calendar = Calendar.from_ical(client.get("/api/caseload/calendar.ics", headers=clinician.headers).content)
    return {str(e["uid"]): {"status": str(e["status"]), "sequence": int(e["sequence"]), "summary": str(e["summary"])}
            for e in calendar.walk("VEVENT")}


def test_closing_cancels_the_future_appointments_only_and_the_calendar_marks_them_cancelled(
        client, clock, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    assessment = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00")
    assert client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-24"},
                       headers=clinician.headers).status_code == 200
    unrecorded = _book(client, clinician, reference, "2026-11-25T10:00:00+00:00", kind="review")
    family_cancelled = _book(client, clinician, reference, "2026-11-30T10:00:00+00:00", kind="intervention")
    session = _book(client, clinician, reference, "2026-12-01T10:00:00+00:00", kind="intervention", method="video")
    review = _book(client, clinician, reference, "2026-12-02T14:00:00+00:00", kind="review", method="phone")
    assert client.post(f"/api/referrals/{reference}/appointments/{family_cancelled}/attendance",
                       json={"outcome": "cancelled_by_family"}, headers=clinician.headers).status_code == 200

    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=LONDON))
    assert client.post(f"/api/referrals/{reference}/appointments/{assessment}/attendance",
                       json={"outcome": "attended"}, headers=clinician.headers).status_code == 200
    closed = client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER}, headers=clinician.headers)
    assert closed.status_code == 200, closed.text

    assert _statuses(client, clinician, reference) == {
        assessment: "attended", unrecorded: "booked",  # in the past: its outcome can still be recorded
        family_cancelled: "cancelled_by_family",  # an outcome already recorded is never overwritten
        session: "cancelled_by_service", review: "cancelled_by_service"}
    events = _events(client, clinician)
    for cancelled in (session, review):
        event = events[f"family-appointment-{cancelled}@pimh-consult"]
        assert event["status"] == "CANCELLED" and event["sequence"] == 1 and event["summary"].startswith("Cancelled:")
    assert events[f"family-appointment-{assessment}@pimh-consult"]["status"] == "CONFIRMED"
    timeline = client.get(f"/api/referrals/{reference}", headers=clinician.headers).text
    assert "2 future appointments cancelled by the service" in timeline


def test_withdrawing_cancels_the_future_appointments_and_a_refused_close_cancels_nothing(
        client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    booked = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00")
    # A close the service refuses (the letter is too short) changes nothing, appointments included.
    assert client.post(f"/api/referrals/{reference}/close", json={"letter": "Too short."},
                       headers=clinician.headers).status_code == 422
    assert _statuses(client, clinician, reference) == {booked: "booked"}
    withdrawn = client.post(f"/api/referrals/{reference}/withdraw", json={"reason": "The family moved away."},
                            headers=practitioner.headers)
    assert withdrawn.status_code == 200, withdrawn.text
    assert _statuses(client, clinician, reference) == {booked: "cancelled_by_service"}
    event = _events(client, clinician)[f"family-appointment-{booked}@pimh-consult"]
    assert event["status"] == "CANCELLED"
