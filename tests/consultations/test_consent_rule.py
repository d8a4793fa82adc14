"""A consultation request needs the parent's agreement on every channel (docs/api.md): the JSON API,
the web form, the terminal chat and Slack (tests/bot) all refuse one without it, and store nothing."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.consultations import service
from consult.consultations.commands import ConsultationRequest
from consult.consultations.errors import InvalidInput
from consult.consultations.models import Consultation
from tests.consultations.test_api import REQUEST
from tests.consultations.test_pages import SUMMARY, _sign_in


def _count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Consultation))


@pytest.mark.parametrize("consent", [False, None, "absent"])
def test_the_api_refuses_a_request_without_the_parents_agreement_naming_the_field(client, db, practitioner, consent):
    body = {k: v for k, v in REQUEST.items() if k != "consent_confirmed"}
    if consent != "absent":
        body["consent_confirmed"] = consent
    response = client.post("/api/consultations", json=body, headers=practitioner.headers)
    assert response.status_code == 422, response.text
    assert "consent_confirmed" in response.text
    assert _count(db) == 0


def test_the_web_form_refuses_a_request_without_the_box_ticked_and_keeps_what_was_typed(client, db, practitioner):
    token = _sign_in(client, practitioner)
    response = client.post("/consultations/new", data={
        "csrf_token": token, "question": SUMMARY, "district": "Thanet", "concerns": ["not_bonding"],
        "urgency": "routine", "preferred_contact": "chat"})
    assert response.status_code == 422
    assert 'href="#consent_confirmed"' in response.text and 'id="consent_confirmed-error"' in response.text
    assert SUMMARY in response.text
    assert _count(db) == 0


def test_the_service_that_chat_slack_and_bookings_share_refuses_it_too(db, practitioner):
    from consult.auth.models import User

    jo = db.get(User, practitioner.id)
    with pytest.raises(InvalidInput) as refused:
        service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
                channel="web", summary=SUMMARY, district="Thanet", concerns=["not_bonding"],
                consent_confirmed=False))
    assert refused.value.field == "consent_confirmed"
    assert _count(db) == 0
