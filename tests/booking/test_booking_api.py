"""The triage booking JSON API through the real app and a real database."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import text

from consult.clock import LONDON
from tests.booking.conftest import booking_body, first_slot


def _book(client, slot_id, headers=None, **overrides):
    return client.post("/api/triage/bookings", json=booking_body(slot_id, **overrides), headers=headers or {})


def test_it_lists_only_free_slots_after_the_minimum_notice_in_order(client, rota):
    slots = client.get("/api/triage/slots", params={"start": "2026-11-23", "days": 3}).json()["slots"]
    starts = [datetime.fromisoformat(s["start"]) for s in slots]
    # Monday 10:00 with two hours' notice: the first slot is 12:00, and no morning slot is offered.
    assert starts[0] == datetime(2026, 11, 23, 12, 0, tzinfo=LONDON)
    assert starts == sorted(starts)
    assert slots[0]["end"] == "2026-11-23T12:30:00+00:00"
    assert slots[0]["methods"] == ["phone", "video"] and slots[0]["clinician"] == "Priya Castell"
    # Tuesday has core hours 09:00-17:00 and the evening session 17:30-19:30: 16 + 4 slots.
    tuesday = [s for s in starts if s.date() == date(2026, 11, 24)]
    assert len(tuesday) == 20 and tuesday[-1].hour == 19


def test_it_books_a_slot_and_logs_a_consultation(client, rota, clinician):
    slot = first_slot(client)
    response = _book(client, slot["id"])
    assert response.status_code == 201
    booked = response.json()
    assert booked["reference"].startswith("TB-")
    assert (booked["slot_id"], booked["start"], booked["end"], booked["method"]) == (slot["id"], slot["start"], slot["end"], "phone")
    assert f"/api/triage/bookings/{booked['reference']}/cancel?token=" in booked["cancel_url"]
    assert booked["ics_url"].split("?")[0].endswith(f"/api/triage/bookings/{booked['reference']}.ics")
    # The booking became a consultation, claimed by the booked clinician, so it is counted.
    consultation = client.get(f"/api/consultations/{booked['consultation_reference']}", headers=clinician.headers).json()
    assert consultation["channel"] == "phone" and consultation["status"] == "claimed"
    # And the slot is no longer offered.
    ids = [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]
    assert slot["id"] not in ids


def test_it_refuses_a_double_booking_with_409(client, rota):
    slot = first_slot(client)
    assert _book(client, slot["id"]).status_code == 201
    second = _book(client, slot["id"], email="rafi.donnelly@nhs.net", name="Rafi Donnelly")
    assert second.status_code == 409
    assert "someone else has just booked" in second.json()["detail"]


def test_cancelling_frees_the_slot_at_once_for_someone_else(client, rota):
    slot = first_slot(client)
    booked = _book(client, slot["id"]).json()
    cancelled = client.post(booked["cancel_url"].replace("http://127.0.0.1:8000", ""))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert slot["id"] in [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]
    again = _book(client, slot["id"], email="rafi.donnelly@nhs.net", name="Rafi Donnelly")
    assert again.status_code == 201
    # Cancelling twice is refused, not silently repeated.
    assert client.post(booked["cancel_url"].replace("http://127.0.0.1:8000", "")).status_code == 409


def test_an_email_outside_the_allow_list_is_refused_and_told_who_may_book(client, rota):
    slot = first_slot(client)
    response = _book(client, slot["id"], email="someone@gmail.com")
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "practitioner", "email"]
    assert "@nhs.net" in detail["msg"] and "@kent.gov.uk" in detail["msg"] and "work email" in detail["msg"]
    # A subdomain of an allowed domain is allowed; a look-alike domain is not.
    assert _book(client, slot["id"], email="jo@schools.kent.gov.uk").status_code == 201
    assert _book(client, first_slot(client)["id"], email="jo@notkent.gov.uk").status_code == 422


def test_bad_input_is_422_and_never_500(client, rota):
    slot = first_slot(client)
    assert client.post("/api/triage/bookings", json={"slot_id": slot["id"]}).status_code == 422
    assert _book(client, slot["id"], consent_confirmed="maybe").status_code == 422
    assert _book(client, slot["id"], method="carrier pigeon").status_code == 422
    assert _book(client, "not-a-slot").status_code == 422
    assert _book(client, slot["id"], consent_confirmed=False).status_code == 422
    assert _book(client, slot["id"], district="Medway").status_code == 422
    assert _book(client, slot["id"], phone=None).status_code == 422  # a phone call needs a number
    assert client.get("/api/triage/slots", params={"days": "lots"}).status_code == 422
    assert client.get("/api/triage/slots", params={"days": 1000}).status_code == 422
    assert client.post("/api/triage/bookings", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422


def test_a_summary_that_identifies_the_family_is_refused(client, rota):
    response = _book(client, first_slot(client)["id"], summary="Baby born 02/03/2026, NHS number 943 476 5919, mum struggling")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "summary"]


def test_the_server_rechecks_notice_method_and_closures_on_a_crafted_slot_id(client, rota, manager):
    # Monday 10:30 is inside the two hours' notice, even though the rota covers it.
    assert _book(client, f"{rota.id}-20261123T1030Z").status_code == 409
    # Monday has no in-person triage.
    assert _book(client, f"{rota.id}-20261124T1000Z", method="in_person").status_code == 409
    # A slot not on the 30-minute grid, or outside hours, does not exist.
    assert _book(client, f"{rota.id}-20261124T1010Z").status_code == 409
    assert _book(client, f"{rota.id}-20261124T2000Z").status_code == 409
    # Beyond the 28-day horizon.
    assert _book(client, f"{rota.id}-20261223T1000Z").status_code == 409
    # A training day closes the service: its slots vanish and a crafted id is refused.
    closed = client.post("/api/triage/closures", json={"day": "2026-11-25", "reason": "Team training day"}, headers=manager.headers)
    assert closed.status_code == 201
    days = {s["start"][:10] for s in client.get("/api/triage/slots").json()["slots"]}
    assert "2026-11-25" not in days and "2026-11-26" in days
    response = _book(client, f"{rota.id}-20261125T1000Z")
    assert response.status_code == 409 and "not offered" in response.json()["detail"]


def test_in_person_bookings_name_the_family_hub(client, rota):
    thursday = [s for s in client.get("/api/triage/slots", params={"method": "in_person"}).json()["slots"]]
    assert thursday and {s["start"][:10] for s in thursday} <= {"2026-11-26", "2026-12-03", "2026-12-10", "2026-12-17"}
    assert thursday[0]["location"] == "Thanet Family Hub"
    booked = _book(client, thursday[0]["id"], method="in_person").json()
    assert booked["location"].startswith("Thanet Family Hub, ")


def test_a_practitioner_cannot_cancel_inside_the_cut_off_but_a_clinician_can(client, rota, clinician, clock):
    slot = first_slot(client)  # Monday 12:00
    booked = _book(client, slot["id"]).json()
    clock.advance(timedelta(hours=1, minutes=1))  # 10:00 -> 11:01, under two hours before
    path = booked["cancel_url"].replace("http://127.0.0.1:8000", "")
    refused = client.post(path)
    assert refused.status_code == 409 and "2 hours before" in refused.json()["detail"]
    by_clinician = client.post(f"/api/triage/bookings/{booked['reference']}/cancel", headers=clinician.headers)
    assert by_clinician.status_code == 200 and by_clinician.json()["status"] == "cancelled"


def test_rescheduling_is_one_move_that_keeps_the_reference_and_frees_the_old_slot(client, rota, db):
    slots = client.get("/api/triage/slots").json()["slots"]
    booked = _book(client, slots[0]["id"]).json()
    token = booked["cancel_url"].split("token=")[1]
    taken = _book(client, slots[2]["id"], email="rafi.donnelly@nhs.net", name="Rafi Donnelly").json()
    moved = client.post(f"/api/triage/bookings/{booked['reference']}/reschedule", params={"token": token},
                        json={"slot_id": slots[1]["id"], "method": "video"})
    assert moved.status_code == 200
    body = moved.json()
    assert (body["reference"], body["slot_id"], body["method"], body["sequence"]) == (booked["reference"], slots[1]["id"], "video", 1)
    free_ids = [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]
    assert slots[0]["id"] in free_ids and slots[1]["id"] not in free_ids
    # Moving onto a taken slot is refused and leaves the booking exactly as it was.
    clash = client.post(f"/api/triage/bookings/{booked['reference']}/reschedule", params={"token": token},
                        json={"slot_id": taken["slot_id"]})
    assert clash.status_code == 409
    after = client.get(f"/api/triage/bookings/{booked['reference']}", params={"token": token}).json()
    assert (after["slot_id"], after["sequence"], after["status"]) == (slots[1]["id"], 1, "booked")
    assert db.execute(text("SELECT count(*) FROM booking_bookings")).scalar() == 2


def test_a_clinician_can_reassign_a_booking_to_a_colleague(client, rota, second_clinician, clinician, db):
    from datetime import time

    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile

    add_weekly_rule(db=db, profile=active_profile(), clinician_id=second_clinician.id, weekday=1, starts=time(9), ends=time(12))
    db.commit()
    booked = _book(client, f"{rota.id}-20261124T0900Z").json()
    moved = client.post(f"/api/triage/bookings/{booked['reference']}/reschedule", headers=clinician.headers,
                        json={"slot_id": f"{second_clinician.id}-20261124T0900Z"})
    assert moved.status_code == 200 and moved.json()["clinician"] == "Tomasz Wren"


def test_clinicians_record_attendance_once_the_time_has_come(client, rota, clinician, practitioner, clock):
    booked = _book(client, first_slot(client)["id"], headers=practitioner.headers).json()  # Jo, signed in
    listed = client.get("/api/triage/bookings", params={"mine": "true"}, headers=clinician.headers).json()["bookings"]
    assert [b["reference"] for b in listed] == [booked["reference"]]
    assert client.get("/api/triage/bookings", headers=practitioner.headers).status_code == 403
    path = f"/api/triage/bookings/{booked['reference']}/attendance"
    assert client.post(path, json={"outcome": "attended"}, headers=practitioner.headers).status_code == 403
    early = client.post(path, json={"outcome": "attended"}, headers=clinician.headers)
    assert early.status_code == 409
    clock.advance(timedelta(hours=2, minutes=5))
    assert client.post(path, json={"outcome": "did_not_attend"}, headers=clinician.headers).json()["status"] == "did_not_attend"
    corrected = client.post(path, json={"outcome": "attended"}, headers=clinician.headers)
    assert corrected.status_code == 200 and corrected.json()["status"] == "attended"
    assert client.post(path, json={"outcome": "maybe"}, headers=clinician.headers).status_code == 422


def test_a_clinician_publishes_availability_and_an_away_day_removes_it(client, second_clinician):
    headers = second_clinician.headers
    rule = client.post("/api/triage/availability", headers=headers,
                       json={"weekday": 2, "starts": "08:00", "ends": "13:00", "methods": ["phone"]})
    assert rule.status_code == 201
    wednesday = [s for s in client.get("/api/triage/slots").json()["slots"] if s["start"].startswith("2026-11-25")]
    # Core hours start at 09:00, so the 08:00-09:00 part of the window is not offered.
    assert wednesday[0]["start"] == "2026-11-25T09:00:00+00:00" and len(wednesday) == 8
    away = client.post("/api/triage/availability/exceptions", headers=headers, json={"day": "2026-11-25", "kind": "away"})
    assert away.status_code == 201
    assert not [s for s in client.get("/api/triage/slots").json()["slots"] if s["start"].startswith("2026-11-25")]
    assert client.post("/api/triage/availability", headers=headers, json={
        "weekday": 2, "starts": "09:00", "ends": "12:00", "methods": ["in_person"]}).status_code == 422


def test_the_summary_and_phone_are_encrypted_at_rest(client, rota, db):
    _book(client, first_slot(client)["id"])
    phone, summary = db.execute(text("SELECT practitioner_phone, summary FROM booking_bookings")).one()
    assert "960" not in phone and "settle" not in summary


def test_the_public_booking_endpoint_is_rate_limited(client, rota, monkeypatch):
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("RATE_LIMITS", "on")
    reset_settings_cache()
    codes = [_book(client, "not-a-slot").status_code for _ in range(31)]
    assert codes[:30] == [422] * 30 and codes[30] == 429


def test_a_booking_can_join_the_practitioners_open_consultation_but_not_someone_elses(client, rota, practitioner, clinician):
    from tests.consultations.test_api import REQUEST

    asked = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    slots = client.get("/api/triage/slots").json()["slots"]
    # Another practitioner cannot attach a booking to Jo's request, and nothing is booked then.
    borrowed = _book(client, slots[0]["id"], email="rafi.donnelly@nhs.net", name="Rafi Donnelly", consultation_reference=asked)
    assert borrowed.status_code == 422
    assert borrowed.json()["detail"][0]["loc"] == ["body", "consultation_reference"]
    assert slots[0]["id"] in [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]
    # Jo's booking, signed in as Jo, joins her open request instead of starting a second consultation.
    joined = _book(client, slots[0]["id"], headers=practitioner.headers, consultation_reference=asked.lower())
    assert joined.status_code == 201 and joined.json()["consultation_reference"] == asked
    mine = client.get("/api/consultations", headers=practitioner.headers).json()["consultations"]
    assert [c["reference"] for c in mine] == [asked]
    timeline = client.get(f"/api/consultations/{asked}", headers=clinician.headers).json()["timeline"]
    assert any(e["event"] == "booked" and joined.json()["reference"] in e["detail"] for e in timeline)
