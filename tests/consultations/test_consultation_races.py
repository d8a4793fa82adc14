"""Two people acting on one request at the same instant: exactly one wins, the others get 409.

Real threads released by a barrier, each with its own connection to the real server (or its own
database session); on SQLite by default and on PostgreSQL with PIMH_TEST_POSTGRES_URL.
"""
from __future__ import annotations

from collections import Counter

import httpx
from sqlalchemy import func, select

from consult.consultations.commands import ConsultationRequest
from tests.consultations.test_api import ADVICE, REQUEST
from tests.racing import clinicians, post, race

ROUNDS = 3


def _ask(base_url: str, persona) -> str:
    with httpx.Client(base_url=base_url, timeout=90) as client:
        response = client.post("/api/consultations", json=REQUEST, headers=persona.headers)
        assert response.status_code == 201, response.text
        return response.json()["reference"]


def _events(db, reference: str, kind: str) -> int:
    from consult.consultations.models import Consultation, ConsultationEvent

    return db.scalar(select(func.count(ConsultationEvent.id)).join(Consultation)
                     .where(Consultation.reference == reference, ConsultationEvent.kind == kind))


def _state(db, reference: str):
    from consult.consultations.models import Consultation

    db.expire_all()
    return db.scalar(select(Consultation).where(Consultation.reference == reference))


def test_four_clinicians_claiming_one_request_at_once_give_one_claim_and_three_409s(live_server, db, practitioner):
    team = clinicians(db, 4)
    for _ in range(ROUNDS):
        reference = _ask(live_server, practitioner)
        results = race([post(live_server, f"/api/consultations/{reference}/claim", h) for h in team])
        assert Counter(code for code, _ in results) == {200: 1, 409: 3}
        assert all("already claimed by" in body["detail"] or "changed at the same moment" in body["detail"]
                   for code, body in results if code == 409)
        assert _events(db, reference, "claimed") == 1
        assert _state(db, reference).status == "claimed"


def test_five_clinicians_writing_advice_at_once_keep_exactly_one_advice(live_server, db, practitioner):
    team = clinicians(db, 5)
    reference = _ask(live_server, practitioner)
    texts = [f"Advice number {i}: offer a joint visit and use video feedback to notice connection." for i in range(5)]
    results = race([post(live_server, f"/api/consultations/{reference}/advice", h, {**ADVICE, "advice": t})
                    for h, t in zip(team, texts, strict=False)])
    assert Counter(code for code, _ in results) == {200: 1, 409: 4}
    winner = texts[[code for code, _ in results].index(200)]
    stored = _state(db, reference)
    assert stored.status == "advised" and stored.advice == winner
    assert stored.advised_by_id == stored.claimed_by_id
    assert _events(db, reference, "advised") == 1
    assert _events(db, reference, "claimed") == 1


def test_a_claim_and_a_withdrawal_sent_together_leave_one_consistent_outcome(live_server, db, practitioner):
    [clinician] = clinicians(db, 1)
    for _ in range(ROUNDS):
        reference = _ask(live_server, practitioner)
        (claim_code, _), (withdraw_code, withdrawn) = race([
            post(live_server, f"/api/consultations/{reference}/claim", clinician),
            post(live_server, f"/api/consultations/{reference}/withdraw", practitioner.headers),
        ])
        stored = _state(db, reference)
        if withdraw_code == 200:
            # Told it is withdrawn: then it is, whatever the claim did before it.
            assert withdrawn["status"] == "withdrawn" and stored.status == "withdrawn"
            assert claim_code in (200, 409)
        else:
            assert (claim_code, withdraw_code) == (200, 409) and stored.status == "claimed"
        assert _events(db, reference, "claimed") == (1 if claim_code == 200 else 0)
        assert _events(db, reference, "withdrawn") == (1 if withdraw_code == 200 else 0)


def test_a_claim_and_a_withdrawal_of_the_same_read_state_cannot_both_succeed(db, clock, practitioner, clinician):
    """Both people have the request open (they read it acknowledged), then act at the same instant."""
    from consult.auth.models import User
    from consult.consultations import service
    from consult.consultations.errors import WrongState
    from consult.db import session_factory

    factory = session_factory()
    for _ in range(ROUNDS):
        asker = db.get(User, practitioner.id)
        reference = service.create_consultation(db=db, practitioner=asker, request=ConsultationRequest(
                channel="web", summary=REQUEST["question"], district="Thanet",
                consent_confirmed=True)).reference
        db.commit()
        sessions = [factory(), factory()]
        read = [service.get_consultation(db=s, reference=reference) for s in sessions]

        def act(i: int, sessions=sessions, read=read):
            def run() -> str:
                s = sessions[i]
                try:
                    if i == 0:
                        service.claim(db=s, consultation=read[0], clinician=s.get(User, clinician.id))
                    else:
                        service.withdraw(db=s, consultation=read[1], practitioner=s.get(User, practitioner.id))
                    s.commit()
                    return "won"
                except WrongState:
                    s.rollback()
                    return "409"
                finally:
                    s.close()
            return run

        outcome = race([act(0), act(1)])
        assert sorted(outcome) == ["409", "won"]
        stored = _state(db, reference)
        assert stored.status == ("claimed" if outcome[0] == "won" else "withdrawn")
        assert _events(db, reference, "claimed") + _events(db, reference, "withdrawn") == 1


def test_feedback_sent_twice_at_once_is_stored_once(live_server, db, practitioner, clinician):
    reference = _ask(live_server, practitioner)
    with httpx.Client(base_url=live_server, timeout=90) as client:
        assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=clinician.headers).status_code == 200
    feedback = {"helpfulness": 5, "confidence_before": 2, "confidence_after": 4}
    results = race([post(live_server, f"/api/consultations/{reference}/feedback", practitioner.headers, feedback)
                    for _ in range(2)])
    assert Counter(code for code, _ in results) == {201: 1, 409: 1}
    assert _events(db, reference, "feedback") == 1
