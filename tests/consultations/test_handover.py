"""Handing a request over and closing it without advice from the request's page: the new
clinician is told (reference and time, no case details) and the timeline shows both steps."""
from __future__ import annotations

from consult.auth.models import User
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest
from tests.consultations.test_pages import SUMMARY, _sign_in


def test_a_clinician_hands_a_request_over_on_its_page_and_it_is_closed_with_a_reason(
        client, db, practitioner, clinician, second_clinician, notices):
    made = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    service.claim(db=db, consultation=made, clinician=db.get(User, clinician.id))
    db.commit()
    notices.sent.clear()
    token = _sign_in(client, clinician)

    unchosen = client.post(f"/consultations/{made.reference}/handover", data={"csrf_token": token, "to": ""})
    assert "Choose who to hand it over to." in unchosen.text
    handed = client.post(f"/consultations/{made.reference}/handover",
                         data={"csrf_token": token, "to": str(second_clinician.id)})
    assert f"{made.reference} handed over to Tomasz Wren." in handed.text
    (told,) = notices.to("Tomasz Wren")
    assert told.kind == "handover" and made.reference in told.text and "Priya Castell" in told.text
    assert SUMMARY[:25] not in told.text + told.subject

    closed = client.post(f"/consultations/{made.reference}/close",
                         data={"csrf_token": token, "reason": "Duplicate of an earlier request"})
    assert f"{made.reference} closed." in closed.text
    db.expire_all()
    events = [(e.kind, e.actor_name, e.detail) for e in service.get_consultation(db=db, reference=made.reference).events]
    assert ("handed_over", "Priya Castell", "to Tomasz Wren") in events
    assert ("closed", "Priya Castell", "Duplicate of an earlier request") in events
