"""The consultations JSON API through the real app and database: life cycle and role rules."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from consult.clock import LONDON

REQUEST = {"consent_confirmed": True, 
    "practitioner": {"name": "Jo Pellow", "email": "jo.pellow@nhs.net", "role": "Health visitor",
                     "organisation": "Community health trust", "district": "Thanet"},
    "channel": "web",
    "question": "Mother of a four month old says she feels nothing when she holds the baby and avoids eye contact.",
    "concerns": ["not_bonding", "negative_thoughts"],
    "district": "Thanet",
    "infant_age_months": 4,
    "urgency": "routine",
    "preferred_contact": "phone",
    "callback_phone": "07700 900123",
    "callback_window": "weekday mornings",
}
ADVICE = {
    "advice": "Offer a joint visit with the Family Hub and use video feedback to notice moments of connection.",
    "recommendation": "pir_referral_advised",
    "thrive": "getting_help",
    "scores": {"severity": 3, "relationship": 4, "protection": 2, "parent_mental_health": 3},
    "learning_needs": "Observing parent-infant interaction",
}


def _create(client, persona, **changes) -> dict:
    response = client.post("/api/consultations", json={**REQUEST, **changes}, headers=persona.headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_practitioner_is_acknowledged_at_once_with_a_reference_and_respond_by(client, practitioner):
    body = _create(client, practitioner)
    assert body["reference"] == "PIMH-2026-00001"
    assert body["status"] == "acknowledged"
    assert datetime.fromisoformat(body["acknowledged_at"]) == datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    # Monday 10:00 + 2 working days counted in working hours = Wednesday 10:00.
    assert datetime.fromisoformat(body["respond_by"]) == datetime(2026, 11, 25, 10, 0, tzinfo=LONDON)
    assert _create(client, practitioner)["reference"] == "PIMH-2026-00002"


def test_the_whole_life_cycle_from_request_to_feedback(client, practitioner, clinician, clock):
    reference = _create(client, practitioner)["reference"]
    claimed = client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    assert claimed.status_code == 200 and claimed.json()["status"] == "claimed"
    assert claimed.json()["claimed_by"] == "Priya Castell"

    clock.advance(timedelta(hours=3))
    advised = client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=clinician.headers)
    assert advised.status_code == 200, advised.text
    body = advised.json()
    assert body["status"] == "advised"
    assert body["outcome"]["cluster"] == 3 and body["outcome"]["thrive"] == "getting_help"
    assert body["working_hours_to_advice"] == 3.0 and body["advised_within_target"] is True

    mine = client.get(f"/api/consultations/{reference}", headers=practitioner.headers).json()
    assert mine["advice"].startswith("Offer a joint visit") and mine["advised_by"] == "Priya Castell"

    feedback = {"helpfulness": 5, "confidence_before": 2, "confidence_after": 4}
    given = client.post(f"/api/consultations/{reference}/feedback", json=feedback, headers=practitioner.headers)
    assert given.status_code == 201 and given.json()["feedback"]["confidence_after"] == 4
    again = client.post(f"/api/consultations/{reference}/feedback", json=feedback, headers=practitioner.headers)
    assert again.status_code == 409

    closed = client.post(f"/api/consultations/{reference}/close", headers=clinician.headers)
    assert closed.json()["status"] == "closed"
    events = [e["event"] for e in closed.json()["timeline"]]
    assert events == ["received", "acknowledged", "claimed", "advised", "feedback", "closed"]


def test_another_practitioner_gets_404_for_a_request_that_is_not_theirs(client, practitioner, outsider):
    reference = _create(client, practitioner)["reference"]
    assert client.get(f"/api/consultations/{reference}", headers=outsider.headers).status_code == 404
    assert client.get("/api/consultations", headers=outsider.headers).json() == {"consultations": []}
    assert client.post(f"/api/consultations/{reference}/feedback", headers=outsider.headers,
                       json={"helpfulness": 1, "confidence_before": 1, "confidence_after": 1}).status_code == 404


def test_roles_are_enforced_with_401_and_403(client, practitioner, clinician):
    reference = _create(client, practitioner)["reference"]
    assert client.post("/api/consultations", json=REQUEST).status_code == 401
    assert client.get("/api/consultations", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.post(f"/api/consultations/{reference}/claim", headers=practitioner.headers).status_code == 403
    assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=practitioner.headers).status_code == 403
    assert client.get("/api/consultations/queue", headers=practitioner.headers).status_code == 403
    assert client.get(f"/api/consultations/{reference}", headers=clinician.headers).status_code == 200


def test_managers_see_everything_and_filter_by_status_and_district(client, practitioner, outsider, manager, clinician):
    first = _create(client, practitioner)["reference"]
    _create(client, outsider, district="Dover")
    client.post(f"/api/consultations/{first}/claim", headers=clinician.headers)
    everything = client.get("/api/consultations", headers=manager.headers).json()["consultations"]
    assert len(everything) == 2
    dover = client.get("/api/consultations?district=dover", headers=manager.headers).json()["consultations"]
    assert [c["district"] for c in dover] == ["Dover"]
    claimed = client.get("/api/consultations?status=claimed", headers=manager.headers).json()["consultations"]
    assert [c["reference"] for c in claimed] == [first]
    assert client.get("/api/consultations?status=lost", headers=manager.headers).status_code == 422


def test_a_second_clinician_cannot_claim_or_advise_a_claimed_request(client, practitioner, clinician, second_clinician):
    reference = _create(client, practitioner)["reference"]
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    again = client.post(f"/api/consultations/{reference}/claim", headers=second_clinician.headers)
    assert again.status_code == 409 and "Priya Castell" in again.json()["detail"]
    advice = client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=second_clinician.headers)
    assert advice.status_code == 409
    handed = client.post(f"/api/consultations/{reference}/handover", json={"to": second_clinician.id},
                         headers=clinician.headers)
    assert handed.json()["claimed_by"] == "Tomasz Wren"
    assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE,
                       headers=second_clinician.headers).status_code == 200


@pytest.mark.parametrize("change, field", [
    ({"district": "Medway"}, "district"),
    ({"concerns": ["unhappy"]}, "concerns"),
    ({"question": "Baby NHS number 943 476 5919 and mum is struggling to bond"}, "question"),
    ({"preferred_contact": "phone", "callback_phone": None}, "callback_phone"),
    ({"infant_age_months": 99}, "infant_age_months"),
    ({"infant_age_months": "four"}, "infant_age_months"),
    ({"urgency": "whenever"}, "urgency"),
])
def test_bad_input_is_a_422_naming_the_field_and_nothing_is_stored(client, practitioner, manager, change, field):
    response = client.post("/api/consultations", json={**REQUEST, **change}, headers=practitioner.headers)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])
    assert "943 476 5919" not in response.text
    assert client.get("/api/consultations", headers=manager.headers).json() == {"consultations": []}


def test_advice_needs_a_known_outcome_and_all_four_scores_or_none(client, practitioner, clinician):
    reference = _create(client, practitioner)["reference"]
    bad_thrive = client.post(f"/api/consultations/{reference}/advice", json={**ADVICE, "thrive": "fine"},
                             headers=clinician.headers)
    assert bad_thrive.status_code == 422
    partial = client.post(f"/api/consultations/{reference}/advice",
                          json={**ADVICE, "scores": {"severity": 3}}, headers=clinician.headers)
    assert partial.status_code == 422 and "four" in str(partial.json()["detail"])
    out_of_range = client.post(f"/api/consultations/{reference}/advice",
                               json={**ADVICE, "scores": {**ADVICE["scores"], "protection": 7}}, headers=clinician.headers)
    assert out_of_range.status_code == 422
    no_scores = client.post(f"/api/consultations/{reference}/advice", json={**ADVICE, "scores": None},
                            headers=clinician.headers)
    assert no_scores.status_code == 200 and no_scores.json()["outcome"]["cluster"] is None


def test_the_call_back_number_is_shown_to_clinicians_and_stored_encrypted(client, db, practitioner, clinician):
    from sqlalchemy import text

    reference = _create(client, practitioner)["reference"]
    assert client.get(f"/api/consultations/{reference}", headers=clinician.headers).json()["callback_phone"] == "07700 900123"
    raw = db.execute(text("SELECT callback_phone, summary FROM consultations")).one()
    assert "07700" not in raw[0] and "four month old" not in raw[1]


def test_a_clinician_logs_a_telephone_consultation_in_one_step(client, clinician):
    call = {**ADVICE, "practitioner": {"name": "Ola Brandt", "email": "ola.brandt@kent.gov.uk",
                                       "role": "Early Help worker", "district": "Swale"},
            "channel": "phone", "question": "Father worried he cannot soothe his six week old and feels useless.",
            "concerns": ["infant_distress_signs"], "district": "Swale", "infant_age_months": 1}
    response = client.post("/api/consultations/calls", json=call, headers=clinician.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "advised" and body["channel"] == "phone" and body["logged_call"] is True
    assert body["advised_by"] == "Priya Castell" and body["practitioner"]["name"] == "Ola Brandt"
    assert body["working_hours_to_advice"] == 0.0 and body["advised_within_target"] is True


def test_a_practitioner_can_withdraw_an_open_request(client, practitioner, clinician):
    reference = _create(client, practitioner)["reference"]
    withdrawn = client.post(f"/api/consultations/{reference}/withdraw", headers=practitioner.headers)
    assert withdrawn.json()["status"] == "withdrawn"
    assert client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers).status_code == 409


def test_only_the_practitioner_who_asked_can_withdraw_a_request(client, practitioner, outsider, clinician, manager):
    reference = _create(client, practitioner)["reference"]
    for colleague in (clinician, manager):  # they can see it, and close it instead
        refused = client.post(f"/api/consultations/{reference}/withdraw", headers=colleague.headers)
        assert refused.status_code == 403
        assert "closes it instead" in refused.json()["detail"]
    assert client.post(f"/api/consultations/{reference}/withdraw", headers=outsider.headers).status_code == 404
    still = client.get(f"/api/consultations/{reference}", headers=practitioner.headers).json()
    assert still["status"] == "acknowledged"
    assert client.post(f"/api/consultations/{reference}/withdraw", headers=practitioner.headers).json()["status"] == "withdrawn"


def test_closing_without_advice_needs_a_reason(client, practitioner, clinician):
    reference = _create(client, practitioner)["reference"]
    assert client.post(f"/api/consultations/{reference}/close", headers=clinician.headers).status_code == 422
    closed = client.post(f"/api/consultations/{reference}/close", json={"reason": "Duplicate of an earlier request"},
                         headers=clinician.headers)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
