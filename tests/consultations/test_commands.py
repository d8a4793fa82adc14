"""One typed command per consultation write, checked once in the domain: the same rule answers
alike on the JSON API, the web form, the Slack modal and the terminal chat."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from consult.consultations.commands import SUMMARY_MAX, SUMMARY_MIN, CallLog, ConsultationRequest, checked
from consult.consultations.errors import InvalidInput
from consult.consultations.models import Consultation
from tests.consultations.test_api import REQUEST
from tests.consultations.test_pages import _sign_in

TOO_SHORT = "Low mood, mum."  # one character under the minimum
assert len(TOO_SHORT) == SUMMARY_MIN - 1


def _count(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Consultation))


def _request(**changes) -> ConsultationRequest:
    return ConsultationRequest(**{"summary": "Mum feels low and distant from her baby since the birth.",
                                  "district": " thanet ", "consent_confirmed": True, **changes})


def test_checked_trims_the_text_and_spells_the_district_as_the_profile_does():
    clean = checked(_request(summary="  " + "x" * SUMMARY_MIN + "  ", callback_window="  ", concerns=("trauma", "trauma")))
    assert clean.summary == "x" * SUMMARY_MIN and clean.district == "Thanet"
    assert clean.callback_window is None and clean.concerns == ("trauma",)


@pytest.mark.parametrize("summary", [TOO_SHORT, "x" * (SUMMARY_MAX + 1)])
def test_the_summary_limits_are_checked_once_in_the_domain(summary):
    with pytest.raises(InvalidInput) as refused:
        checked(_request(summary=summary))
    assert refused.value.field == "question"


def test_a_command_is_a_value_that_refuses_a_misspelt_field():
    with pytest.raises(ValueError):
        ConsultationRequest(sumary="typo")  # type: ignore[call-arg]
    with pytest.raises(ValueError):
        _request().summary = "changed"  # type: ignore[misc]


def test_a_logged_call_stands_for_a_request_the_parent_agreed_to_on_the_call():
    request = CallLog(channel="video", summary="A question", district="Dover").request()
    assert (request.channel, request.preferred_contact, request.consent_confirmed) == ("video", "video", True)


def test_the_api_refuses_a_too_short_question_naming_the_field(client, db, practitioner):
    response = client.post("/api/consultations", json={**REQUEST, "question": TOO_SHORT}, headers=practitioner.headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "question"]
    assert f"at least {SUMMARY_MIN} characters" in response.json()["detail"][0]["msg"]
    assert _count(db) == 0


def test_the_web_form_shows_the_same_rule_beside_the_box(client, db, practitioner):
    token = _sign_in(client, practitioner)
    response = client.post("/consultations/new", data={
        "csrf_token": token, "question": TOO_SHORT, "district": "Thanet", "urgency": "routine",
        "preferred_contact": "chat", "consent_confirmed": "yes"})
    assert response.status_code == 422
    assert 'id="question-error"' in response.text and f"at least {SUMMARY_MIN} characters" in response.text
    assert _count(db) == 0


def test_the_terminal_chat_says_the_same_rule(db, practitioner):
    from bot.chat import run_chat

    typed = iter(["consult", practitioner.email, TOO_SHORT, "", "3", "1", "", "n", "y", "quit"])
    said: list[str] = []
    run_chat(ask=lambda prompt: next(typed), say=said.append)
    assert any("That was not sent" in line and f"at least {SUMMARY_MIN} characters" in line for line in said)
    assert _count(db) == 0
