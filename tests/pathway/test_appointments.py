"""Family appointments: booked by a clinician in core hours or an extra session, at a Family Hub or
by home visit, video or phone; attendance recorded once; the did-not-attend policy end to end."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from tests.referrals.helpers import submit, triage


def _eligible(client, practitioner, clinician) -> str:
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    return reference


def _book(client, clinician, reference, starts: str, kind="assessment", method="clinic", **extra):
    return client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                       json={"starts": starts, "kind": kind, "method": method, **extra})


def _attend(client, clinician, reference, appointment_id, outcome):
    return client.post(f"/api/referrals/{reference}/appointments/{appointment_id}/attendance",
                       headers=clinician.headers, json={"outcome": outcome})


def test_two_missed_appointments_in_a_row_tell_the_referrer_by_reference_and_ask_the_clinician_to_decide(
        client, clock, practitioner, clinician, notices):
    reference = _eligible(client, practitioner, clinician)
    first = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00")
    assert first.status_code == 201, first.text
    assert first.json()["place"] == "Thanet Family Hub"  # the family's district's hub, from the profile
    # The second on a Thursday evening: one of the profile's extra sessions.
    second = _book(client, clinician, reference, "2026-11-26T18:00:00+00:00", method="video")
    assert second.status_code == 201 and second.json()["session"] == "Thursday evening session"

    clock.set(datetime(2026, 11, 24, 11, 0, tzinfo=LONDON))
    missed = _attend(client, clinician, reference, first.json()["id"], "did_not_attend")
    assert missed.status_code == 200 and missed.json()["did_not_attend_review"] is False
    assert "family_did_not_attend" not in notices.kinds()  # one miss is not yet the policy

    clock.set(datetime(2026, 11, 26, 19, 30, tzinfo=LONDON))
    again = _attend(client, clinician, reference, second.json()["id"], "did_not_attend")
    assert again.status_code == 200 and again.json()["did_not_attend_review"] is True

    (told,) = [n for n in notices.sent if n.kind == "family_did_not_attend"]
    assert told.recipient.name == practitioner.name and reference in told.text and told.reference == reference
    for identifier in ("9990000018", "999 000 0018", "9990000026", "CT9", "Thanet Family Hub"):
        assert identifier not in told.text and identifier not in str(told.data)
    (asked,) = [n for n in notices.sent if n.kind == "did_not_attend_review"]
    assert asked.recipient.name == clinician.name and asked.link.endswith(f"/referrals/{reference}/appointments")

    timeline = [e["kind"] for e in client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["timeline"]]
    assert timeline.count("appointment_outcome") == 2 and "did_not_attend_policy" in timeline

    decided = client.post(f"/api/referrals/{reference}/did-not-attend-decision", headers=clinician.headers,
                          json={"decision": "keep_open"})
    assert decided.status_code == 200
    listed = client.get(f"/api/referrals/{reference}/appointments", headers=clinician.headers).json()
    assert listed["did_not_attend_review"] is False
    assert [a["status"] for a in listed["appointments"]] == ["did_not_attend", "did_not_attend"]
    twice = client.post(f"/api/referrals/{reference}/did-not-attend-decision", headers=clinician.headers,
                        json={"decision": "keep_open"})
    assert twice.status_code == 409


def test_an_attended_appointment_between_misses_breaks_the_run(client, clock, practitioner, clinician, notices):
    reference = _eligible(client, practitioner, clinician)
    ids = [_book(client, clinician, reference, f"2026-11-{day}T10:00:00+00:00").json()["id"] for day in (24, 25, 26)]
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=LONDON))
    for appointment_id, outcome in zip(ids, ("did_not_attend", "attended", "did_not_attend"), strict=False):
        assert _attend(client, clinician, reference, appointment_id, outcome).status_code == 200
    assert "family_did_not_attend" not in notices.kinds()


def test_attendance_is_recorded_once_and_not_before_the_appointment(client, clock, practitioner, clinician, second_clinician):
    reference = _eligible(client, practitioner, clinician)
    appointment_id = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00").json()["id"]
    early = _attend(client, clinician, reference, appointment_id, "did_not_attend")
    assert early.status_code == 422 and "once the appointment has started" in early.text
    clock.set(datetime(2026, 11, 24, 11, 0, tzinfo=LONDON))
    assert _attend(client, clinician, reference, appointment_id, "attended").status_code == 200
    late = _attend(client, second_clinician, reference, appointment_id, "did_not_attend")
    assert late.status_code == 409 and "already recorded as attended" in late.json()["detail"]
    assert _attend(client, clinician, reference, 9999, "attended").status_code == 404


def test_times_outside_core_hours_and_the_extra_sessions_are_refused_with_the_reason(client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    evening = _book(client, clinician, reference, "2026-11-25T20:00:00+00:00")  # a Wednesday, no session
    assert evening.status_code == 422 and "Tuesday evening session" in evening.text
    second_saturday = _book(client, clinician, reference, "2026-12-12T10:00:00+00:00")
    assert second_saturday.status_code == 422
    first_saturday = _book(client, clinician, reference, "2026-12-05T10:00:00+00:00", method="home_visit")
    assert first_saturday.status_code == 201 and first_saturday.json()["place"] == "Home visit"
    past = _book(client, clinician, reference, "2026-11-20T10:00:00+00:00")
    assert past.status_code == 422 and "future" in past.text
    nowhere = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00", place="The moon")
    assert nowhere.status_code == 422 and "Ashford Family Hub" in nowhere.text
    clash = _book(client, clinician, reference, "2026-12-05T10:30:00+00:00", method="phone")
    assert clash.status_code == 409
    sent_early = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00", kind="intervention")
    assert sent_early.status_code == 409  # an intervention session follows the assessment
    assert _book(client, clinician, reference, "not a time").status_code == 422


def test_only_clinicians_book_and_the_calendar_file_names_the_reference_not_the_family(
        client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    assert _book(client, practitioner, reference, "2026-11-24T10:00:00+00:00").status_code == 403
    assert _book(client, clinician, reference, "2026-11-24T10:00:00+00:00").status_code == 201
    calendar = client.get("/api/caseload/calendar.ics", headers=clinician.headers)
    assert calendar.status_code == 200 and calendar.headers["content-type"].startswith("text/calendar")
    text = calendar.text
    assert "BEGIN:VEVENT" in text and reference in text and "Thanet Family Hub" in text
    assert "DTSTART;TZID=Europe/London:20261124T100000" in text
    for identifier in ("9990000018", "999 000 0018", "CT9", practitioner.name):
        assert identifier not in text
    assert client.get("/api/caseload/calendar.ics", headers=practitioner.headers).status_code == 403


def test_a_referral_not_yet_triaged_cannot_have_an_appointment(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    refused = _book(client, clinician, reference, "2026-11-24T10:00:00+00:00")
    assert refused.status_code == 409
    assert client.get(f"/api/referrals/{reference}/appointments", headers=clinician.headers).json()["appointments"] == []
    assert _book(client, clinician, "REF-2026-99999", "2026-11-24T10:00:00+00:00").status_code == 404
