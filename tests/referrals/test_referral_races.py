"""Two clinicians acting on one referral at the same instant: one decision stands, the other is 409.

Real threads, each with its own connection to the real server; SQLite by default, PostgreSQL with
PIMH_TEST_POSTGRES_URL.
"""
from __future__ import annotations

from collections import Counter

import httpx
from sqlalchemy import func, select

from tests.racing import clinicians, post, race
from tests.referrals.helpers import GUIDANCE, body

ROUNDS = 3


def _submit(base_url: str, persona) -> str:
    with httpx.Client(base_url=base_url, timeout=90) as client:
        response = client.post("/api/referrals", json=body(), headers=persona.headers)
        assert response.status_code == 201, response.text
        return response.json()["reference"]


def _count(db, reference: str, kind: str) -> int:
    from consult.referrals.models import Referral, ReferralEvent

    return db.scalar(select(func.count(ReferralEvent.id)).join(Referral)
                     .where(Referral.reference == reference, ReferralEvent.kind == kind))


def test_two_clinicians_triaging_one_referral_at_once_make_one_decision(live_server, db, practitioner):
    team = clinicians(db, 2)
    for _ in range(ROUNDS):
        reference = _submit(live_server, practitioner)
        decisions = [{"outcome": "eligible", "thrive": "getting_help", "guidance": GUIDANCE},
                     {"outcome": "not_eligible", "thrive": None,
                      "guidance": "Not eligible: the difficulties described are for universal services first."}]
        results = race([post(live_server, f"/api/referrals/{reference}/triage", h, d) for h, d in zip(team, decisions, strict=False)])
        assert Counter(code for code, _ in results) == {200: 1, 409: 1}
        refused = next(b for code, b in results if code == 409)
        assert "triaged" in refused["detail"] or "changed at the same moment" in refused["detail"]
        won = decisions[[code for code, _ in results].index(200)]["outcome"]
        from consult.referrals.models import Referral

        db.expire_all()
        stored = db.scalar(select(Referral).where(Referral.reference == reference))
        assert stored.status == won and stored.triage_outcome == won
        assert _count(db, reference, "triaged") == 1


def test_a_close_and_a_withdrawal_at_once_leave_the_referral_in_one_state(live_server, db, practitioner, clinician):
    from consult.referrals.models import Referral

    for _ in range(ROUNDS):
        reference = _submit(live_server, practitioner)
        letter = "Thank you for the referral. We met the family twice and the work is now complete; see the plan."
        results = race([
            post(live_server, f"/api/referrals/{reference}/close", clinician.headers, {"letter": letter}),
            post(live_server, f"/api/referrals/{reference}/withdraw", practitioner.headers, {"reason": "family moved away"}),
        ])
        codes = [code for code, _ in results]
        assert sorted(codes) == [200, 409], results
        db.expire_all()
        stored = db.scalar(select(Referral).where(Referral.reference == reference))
        assert stored.status == ("closed" if codes[0] == 200 else "withdrawn")
        assert _count(db, reference, "closed") + _count(db, reference, "withdrawn") == 1
