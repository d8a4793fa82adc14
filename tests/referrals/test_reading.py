"""Who sees what: every field for clinicians, managers and admins (each read audited); status,
dates and masked NHS numbers for the referrer; nothing at all for other practitioners."""
from __future__ import annotations

from sqlalchemy import select

from consult.privacy.audit import AuditEvent
from tests.referrals.helpers import submit


def _reads(db, reference: str) -> list[AuditEvent]:
    db.expire_all()
    return list(db.scalars(select(AuditEvent).where(AuditEvent.record == reference, AuditEvent.action == "read")))


def test_clinicians_managers_and_admins_see_every_field_and_each_read_is_audited(client, db, practitioner, clinician, manager, admin):
    reference = submit(client, practitioner)["reference"]
    for persona in (clinician, manager, admin):
        got = client.get(f"/api/referrals/{reference}", headers=persona.headers)
        assert got.status_code == 200
        data = got.json()
        assert data["parent"]["nhs_number"] == "999 000 0018"
        assert data["parent"]["date_of_birth"] == "1994-03-02"
        assert data["parent"]["postcode"] == "CT9 1AA"
        assert data["description"].startswith("Mum says")
        assert [e["kind"] for e in data["timeline"]] == ["received", "acknowledged"]
    assert sorted(e.actor_id for e in _reads(db, reference)) == sorted([clinician.id, manager.id, admin.id])


def test_the_referrer_sees_status_dates_and_masked_nhs_numbers_only(client, practitioner):
    reference = submit(client, practitioner)["reference"]
    got = client.get(f"/api/referrals/{reference.lower()}", headers=practitioner.headers)
    assert got.status_code == 200
    data = got.json()
    assert data["status"] == "acknowledged" and data["triage_by"]
    assert data["parent"] == {"nhs_number": "*** *** 0018"}
    assert data["infant"] == {"nhs_number": "*** *** 0026"}
    text = got.text
    for hidden in ("9990000018", "1994-03-02", "CT9 1AA", "Mum says", "01632"):
        assert hidden not in text
    assert got.headers["cache-control"] == "no-store"


def test_another_practitioner_gets_404_as_for_a_reference_that_does_not_exist(client, practitioner, outsider):
    reference = submit(client, practitioner)["reference"]
    theirs = client.get(f"/api/referrals/{reference}", headers=outsider.headers)
    missing = client.get("/api/referrals/REF-2026-09999", headers=outsider.headers)
    assert theirs.status_code == missing.status_code == 404
    assert "detail" in theirs.json()


def test_the_referrers_list_shows_their_own_referrals_masked(client, practitioner, outsider):
    submit(client, practitioner)
    submit(client, outsider, {"referrer.source": "midwifery"})
    mine = client.get("/api/referrals", headers=practitioner.headers).json()["referrals"]
    assert [r["reference"] for r in mine] == ["REF-2026-00001"]
    assert mine[0]["parent"]["nhs_number"] == "*** *** 0018"
