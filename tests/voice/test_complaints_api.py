"""Complaints through the JSON API: the life cycle, the 3-working-day clock across a bank holiday,
conflicts, references, role rules, the append-only timeline and audited reads."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from consult.clock import LONDON
from consult.privacy.audit import AuditEvent
from tests.consultations.test_api import REQUEST as CONSULTATION
from tests.voice.helpers import complaint_body


def test_a_complaint_goes_from_received_to_closed_with_its_timeline(client, clinician, manager):
    created = client.post("/api/complaints", json=complaint_body(), headers=clinician.headers)
    assert created.status_code == 201
    body = created.json()
    # Received Monday 23 Nov 2026: three working days later is Thursday 26 Nov.
    assert body == {"id": "CMP-2026-00001", "status": "received", "acknowledge_by": "2026-11-26"}
    ref = body["id"]
    listed = client.get("/api/complaints", headers=manager.headers).json()["complaints"]
    assert [(c["id"], c["acknowledgement_state"]) for c in listed] == [(ref, "on_track")]

    acked = client.post(f"/api/complaints/{ref}/acknowledge", headers=manager.headers)
    assert acked.status_code == 200 and acked.json()["status"] == "acknowledged"
    assert acked.json()["acknowledged_within_target"] is True
    assert client.post(f"/api/complaints/{ref}/investigate", headers=manager.headers).json()["status"] == "investigating"
    closed = client.post(f"/api/complaints/{ref}/close", headers=manager.headers,
                         json={"outcome": "partly_upheld", "response": "We apologised and now tell families the wait."})
    assert closed.status_code == 200
    view = closed.json()
    assert (view["status"], view["outcome"]) == ("closed", "partly_upheld")
    assert [e["kind"] for e in view["timeline"]] == ["received", "acknowledged", "investigating", "closed"]
    assert [e["actor"] for e in view["timeline"]] == ["Priya Castell", "Helen Marsh", "Helen Marsh", "Helen Marsh"]


def test_received_on_christmas_eve_it_must_be_acknowledged_by_the_thirty_first(client, clock, manager):
    clock.set(datetime(2026, 12, 24, 15, 0, tzinfo=LONDON))
    created = client.post("/api/complaints", json=complaint_body(received_on="2026-12-24"), headers=manager.headers)
    assert created.json()["acknowledge_by"] == "2026-12-31"
    ref = created.json()["id"]
    def state():
        return client.get(f"/api/complaints/{ref}", headers=manager.headers).json()["acknowledgement_state"]

    clock.set(datetime(2026, 12, 30, 12, 0, tzinfo=LONDON))
    assert state() == "on_track"
    clock.set(datetime(2026, 12, 31, 12, 0, tzinfo=LONDON))
    assert state() == "due_soon"
    clock.set(datetime(2027, 1, 4, 10, 0, tzinfo=LONDON))  # 1 Jan is New Year's Day
    assert state() == "overdue"
    late = client.post(f"/api/complaints/{ref}/acknowledge", headers=manager.headers).json()
    assert late["acknowledged_within_target"] is False and late["acknowledgement_state"] == "done"


def test_a_step_out_of_order_or_repeated_is_a_conflict(client, manager):
    ref = client.post("/api/complaints", json=complaint_body(), headers=manager.headers).json()["id"]
    assert client.post(f"/api/complaints/{ref}/investigate", headers=manager.headers).status_code == 409
    refused = client.post(f"/api/complaints/{ref}/close", headers=manager.headers,
                          json={"outcome": "upheld", "response": "We apologised for the wait."})
    assert refused.status_code == 409 and "acknowledge it first" in refused.json()["detail"]
    assert client.post(f"/api/complaints/{ref}/acknowledge", headers=manager.headers).status_code == 200
    assert client.post(f"/api/complaints/{ref}/acknowledge", headers=manager.headers).status_code == 409


def test_a_complaint_withdrawn_before_acknowledgement_can_be_closed_at_once(client, manager):
    ref = client.post("/api/complaints", json=complaint_body(), headers=manager.headers).json()["id"]
    closed = client.post(f"/api/complaints/{ref}/close", headers=manager.headers,
                         json={"outcome": "withdrawn", "response": "The parent withdrew it on the phone."})
    assert closed.status_code == 200 and closed.json()["outcome"] == "withdrawn"


def test_a_reference_must_name_a_real_record(client, practitioner, manager):
    missing = client.post("/api/complaints", json=complaint_body(reference="REF-2026-09999"), headers=manager.headers)
    assert missing.status_code == 422
    assert missing.json()["detail"][0]["loc"] == ["body", "reference"]
    reference = client.post("/api/consultations", json=CONSULTATION, headers=practitioner.headers).json()["reference"]
    linked = client.post("/api/complaints", json=complaint_body(reference=reference.lower()), headers=manager.headers)
    assert linked.status_code == 201
    view = client.get(f"/api/complaints/{linked.json()['id']}", headers=manager.headers).json()
    assert (view["reference"], view["related_kind"]) == (reference, "consultation")


def test_bad_input_is_a_4xx_with_a_detail(client, manager):
    for body in (complaint_body(source="neighbour"), complaint_body(summary="short"), complaint_body(received_on="2026-13-01"),
                 complaint_body(received_on="2026-12-25")):
        response = client.post("/api/complaints", json=body, headers=manager.headers)
        assert response.status_code == 422 and "detail" in response.json()


def test_practitioners_can_neither_record_nor_read_complaints(client, practitioner, clinician, manager):
    assert client.post("/api/complaints", json=complaint_body(), headers=practitioner.headers).status_code == 403
    ref = client.post("/api/complaints", json=complaint_body(), headers=clinician.headers).json()["id"]
    assert client.get("/api/complaints", headers=practitioner.headers).status_code == 403
    assert client.get(f"/api/complaints/{ref}", headers=practitioner.headers).status_code == 403
    # A clinician records complaints but does not read them: one may be about a colleague.
    assert client.get("/api/complaints", headers=clinician.headers).status_code == 403
    assert client.post(f"/api/complaints/{ref}/acknowledge", headers=clinician.headers).status_code == 403
    assert client.get("/api/complaints").status_code == 401
    assert client.post("/api/compliments", headers=practitioner.headers, json={
        "received_on": "2026-11-23", "source": "parent", "about": "Visits", "summary": "Thank you all."}).status_code == 403


def test_reading_a_complaint_is_audited_and_the_timeline_cannot_be_changed(client, db, manager):
    ref = client.post("/api/complaints", json=complaint_body(), headers=manager.headers).json()["id"]
    client.get(f"/api/complaints/{ref}", headers=manager.headers)
    client.get("/api/complaints", headers=manager.headers)
    reads = db.scalars(select(AuditEvent.detail).where(AuditEvent.record == ref, AuditEvent.action == "read")).all()
    assert sorted(reads) == ["complaint opened", "complaints list"]
    with pytest.raises(DatabaseError, match="append-only"):
        db.execute(text("UPDATE complaint_events SET detail = 'changed'"))
    db.rollback()


def test_a_compliment_is_recorded_in_one_step(client, clinician):
    response = client.post("/api/compliments", headers=clinician.headers, json={
        "received_on": "2026-11-20", "source": "parent", "about": "Home visits",
        "summary": "The parent said the visits helped them enjoy bath time again."})
    assert response.status_code == 201 and isinstance(response.json()["id"], int)
