"""Two clinicians recording the same appointment at once: exactly one wins, the rest get 409, and
the did-not-attend policy tells the referrer once. Runs on the suite's database (PostgreSQL's real
parallel writers when PIMH_TEST_POSTGRES_URL is set)."""
from __future__ import annotations

from collections import Counter
from datetime import datetime

import httpx
from sqlalchemy import func, select

from consult.clock import LONDON
from consult.pathway.models import FamilyAppointment
from consult.referrals.models import ReferralEvent
from tests.racing import race, race_each
from tests.referrals.helpers import GUIDANCE, body

ATTEMPTS = 8




def test_simultaneous_attendance_records_make_exactly_one_outcome_and_one_policy_notice(
        live_server, db, clock, practitioner, clinician, second_clinician):
    with httpx.Client(base_url=live_server, timeout=60) as client:
        reference = client.post("/api/referrals", json=body(), headers=practitioner.headers).json()["reference"]
        client.post(f"/api/referrals/{reference}/triage", headers=clinician.headers,
                    json={"outcome": "eligible", "thrive": "getting_help", "guidance": GUIDANCE})
        ids = [client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                           json={"starts": f"2026-11-{day}T10:00:00+00:00", "kind": "assessment", "method": "phone"}
                           ).json()["id"] for day in (24, 25)]
        clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=LONDON))
        first = client.post(f"/api/referrals/{reference}/appointments/{ids[0]}/attendance",
                            headers=clinician.headers, json={"outcome": "did_not_attend"})
        assert first.status_code == 200

    def attempt(i: int):
        who = (clinician, second_clinician)[i % 2]
        with httpx.Client(base_url=live_server, timeout=60) as client:
            response = client.post(f"/api/referrals/{reference}/appointments/{ids[1]}/attendance",
                                   headers=who.headers, json={"outcome": "did_not_attend"})
            return response.status_code

    codes = Counter(race_each(ATTEMPTS, attempt))
    assert codes == {200: 1, 409: ATTEMPTS - 1}
    db.expire_all()
    assert db.scalar(select(FamilyAppointment.status).where(FamilyAppointment.id == ids[1])) == "did_not_attend"
    policy = db.scalar(select(func.count(ReferralEvent.id)).where(ReferralEvent.kind == "did_not_attend_policy"))
    assert policy == 1


def test_closing_while_a_clinician_records_a_cancellation_keeps_exactly_one_outcome(
        live_server, db, practitioner, clinician, second_clinician):
    """The close cancels future appointments with one conditional UPDATE from "booked": a family's
    cancellation recorded at the same moment either wins (and the close leaves it) or gets 409."""
    letter = "Thank you for referring the family. The work has ended and we will call them in six months."
    with httpx.Client(base_url=live_server, timeout=60) as client:
        reference = client.post("/api/referrals", json=body(), headers=practitioner.headers).json()["reference"]
        client.post(f"/api/referrals/{reference}/triage", headers=clinician.headers,
                    json={"outcome": "eligible", "thrive": "getting_help", "guidance": GUIDANCE})
        booked = client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                             json={"starts": "2026-11-30T10:00:00+00:00", "kind": "assessment", "method": "phone"})
        appointment_id = booked.json()["id"]

    def close():
        with httpx.Client(base_url=live_server, timeout=60) as client:
            return client.post(f"/api/referrals/{reference}/close", headers=clinician.headers,
                               json={"letter": letter}).status_code

    def cancel():
        with httpx.Client(base_url=live_server, timeout=60) as client:
            return client.post(f"/api/referrals/{reference}/appointments/{appointment_id}/attendance",
                               headers=second_clinician.headers, json={"outcome": "cancelled_by_family"}).status_code

    closed, cancelled = race([close, cancel])
    assert closed == 200
    db.expire_all()
    status = db.scalar(select(FamilyAppointment.status).where(FamilyAppointment.id == appointment_id))
    assert (cancelled, status) in ((200, "cancelled_by_family"), (409, "cancelled_by_service"))
