"""The duty rota through the JSON API (managers set it, new requests go to its least-loaded
clinician), and the timeline's append-only promise kept by the database itself."""
from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from consult.consultations.models import ConsultationEvent

REQUEST = {"consent_confirmed": True, "channel": "web", "district": "Thanet", "urgency": "routine", "concerns": ["not_bonding"],
           "question": "Mother of a four month old feels detached and avoids eye contact with the baby."}


def test_a_manager_sets_the_days_duty_rota_and_new_requests_are_offered_from_it(
        client, practitioner, clinician, second_clinician, manager):
    url = "/api/duty-rota/2026-11-23"  # the frozen clock's Monday
    rota = {"clinicians": [second_clinician.id, clinician.id]}
    assert client.put(url, json=rota, headers=clinician.headers).status_code == 403
    assert client.get(url, headers=practitioner.headers).status_code == 403
    assert client.get(url).status_code == 401

    saved = client.put(url, json=rota, headers=manager.headers)
    assert saved.status_code == 200
    expected = {"day": "2026-11-23", "clinicians": [{"id": second_clinician.id, "name": "Tomasz Wren"},
                                                     {"id": clinician.id, "name": "Priya Castell"}]}
    assert saved.json() == expected
    assert client.get(url, headers=clinician.headers).json() == expected

    def offered_to(reference: str) -> list[str]:
        timeline = client.get(f"/api/consultations/{reference}", headers=manager.headers).json()["timeline"]
        return [e["detail"] for e in timeline if e["event"] == "offered"]

    first = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    assert offered_to(first) == ["offered to Tomasz Wren"]  # a tie goes to rota order
    second = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    assert offered_to(second) == ["offered to Priya Castell"]  # Tomasz now holds one open request


def test_only_clinicians_can_be_put_on_the_rota(client, practitioner, clinician, manager):
    url = "/api/duty-rota/2026-11-24"
    for ids in ([practitioner.id], [clinician.id, 424242]):
        refused = client.put(url, json={"clinicians": ids}, headers=manager.headers)
        assert refused.status_code == 422 and "clinician" in str(refused.json()["detail"])
    assert client.put(url, json={"clinicians": "everyone"}, headers=manager.headers).status_code == 422
    assert client.get(url, headers=manager.headers).json()["clinicians"] == []


def test_the_database_refuses_to_change_a_timeline_event(client, db, practitioner):
    client.post("/api/consultations", json=REQUEST, headers=practitioner.headers)
    event_id = db.scalars(select(ConsultationEvent.id)).first()
    with pytest.raises(DBAPIError, match="append-only"):
        db.execute(text("UPDATE consultation_events SET detail = 'rewritten' WHERE id = :id"), {"id": event_id})
    db.rollback()
    assert "rewritten" not in db.scalars(select(ConsultationEvent.detail)).all()
