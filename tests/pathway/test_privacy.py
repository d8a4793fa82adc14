"""The pathway's GP practice and appointments in subject access, erasure and the retention purge."""
from __future__ import annotations

from datetime import timedelta

from consult.pathway.models import ReferralPathway
from consult.privacy.retention import run_purge
from consult.privacy.subject_access import Subject, erase_subject, export_subject
from consult.referrals.service import get_referral
from tests.referrals.helpers import submit, triage

GP = "Harbour Street Surgery, Ramsgate"


def test_subject_access_exports_the_gp_practice_and_appointments_and_erasure_clears_the_practice(
        client, db, practitioner, clinician):
    reference = submit(client, practitioner, {"parent.gp_practice": GP})["reference"]
    triage(client, clinician, reference)
    client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                json={"starts": "2026-11-24T10:00:00+00:00", "kind": "assessment", "method": "home_visit"})
    assert client.post(f"/api/referrals/{reference}/outcomes", headers=clinician.headers, json={
        "stage": "referral", "scores": {"asqse2": 35}, "asqse2_interval_months": 6}).status_code == 201
    (held,) = export_subject(db=db, subject=Subject(nhs_number="999 000 0018"))["data"]["pathway"]
    assert held["reference"] == reference and held["gp_practice"] == GP
    assert held["outcome_measures"] == [{"stage": "referral", "measure": "asqse2", "total": 35, "age_interval_months": 6}]
    assert held["appointments"][0]["method"] == "home_visit"
    erased = erase_subject(db=db, subject=Subject(nhs_number="9990000018"))
    assert erased["pathway"] == 1 and erased["referrals"] == 1
    db.expire_all()
    assert db.get(ReferralPathway, get_referral(db=db, reference=reference).id).gp_practice is None


def test_the_purge_clears_the_gp_practice_with_the_referral_after_the_retention_period(
        client, db, clock, practitioner, clinician):
    reference = submit(client, practitioner, {"parent.gp_practice": GP})["reference"]
    client.post(f"/api/referrals/{reference}/withdraw", json={"reason": "family moved away"}, headers=practitioner.headers)
    assert run_purge(db=db)["pathway"] == 0
    clock.advance(timedelta(days=365 * 8 + 3))
    assert run_purge(db=db)["pathway"] == 1
    db.expire_all()
    assert db.get(ReferralPathway, get_referral(db=db, reference=reference).id).gp_practice is None
