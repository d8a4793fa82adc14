"""Referrals in the retention purge and subject access."""
from __future__ import annotations

from datetime import timedelta

from consult.privacy.retention import run_purge
from consult.privacy.subject_access import Subject, erase_subject, export_subject
from consult.referrals.service import get_referral
from tests.referrals.helpers import submit


def test_subject_access_finds_a_family_by_either_nhs_number_and_erasure_clears_their_details(client, db, practitioner):
    reference = submit(client, practitioner)["reference"]
    by_infant = export_subject(db=db, subject=Subject(nhs_number="999 000 0026"))
    assert [r["reference"] for r in by_infant["data"]["referrals"]] == [reference]
    assert erase_subject(db=db, subject=Subject(nhs_number="9990000018"))["referrals"] == 1
    referral = get_referral(db=db, reference=reference)
    assert referral.parent_nhs_number is None and referral.description is None and referral.district == "Thanet"
    assert "referrals" not in export_subject(db=db, subject=Subject(nhs_number="9990000018"))["data"]


def test_the_retention_purge_clears_closed_referrals_older_than_the_retention_period_only(client, db, clock, practitioner, clinician):
    old = submit(client, practitioner)["reference"]
    client.post(f"/api/referrals/{old}/withdraw", json={"reason": "family moved away"}, headers=practitioner.headers)
    clock.advance(timedelta(days=365 * 8 + 3))
    recent = submit(client, practitioner, {"infant.date_of_birth": "2034-10-01"})["reference"]
    client.post(f"/api/referrals/{recent}/withdraw", json={"reason": "family moved away"}, headers=practitioner.headers)
    assert run_purge(db=db)["referrals"] == 1
    assert run_purge(db=db)["referrals"] == 0
    db.expire_all()
    assert get_referral(db=db, reference=old).parent_postcode is None
    assert get_referral(db=db, reference=recent).parent_postcode == "CT9 1AA"
