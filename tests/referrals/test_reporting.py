"""Referral figures in the quarterly return and its CSV, against hand-computed fixtures; the
manager-only, audited linkage export holds only referrals with data-linkage consent."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from consult.privacy.audit import AuditEvent
from tests.referrals.helpers import submit, triage

LETTER = "Thank you for referring the family. We met them for ten sessions and the work has now ended well."


def _pathway(client, practitioner, clinician, before: dict, after: dict) -> str:
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-23", "screening": before}, headers=clinician.headers)
    client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2026-11-24"}, headers=clinician.headers)
    closed = client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER, "screening": after}, headers=clinician.headers)
    assert closed.status_code == 200, closed.text
    return reference


def test_quarterly_referral_figures_match_a_hand_computed_fixture(client, clock, practitioner, outsider, clinician, manager):
    on_time = submit(client, practitioner)["reference"]
    late = submit(client, outsider, {"referrer.source": "midwifery", "parent.district": "Dover"})["reference"]
    submit(client, practitioner)  # never triaged
    triage(client, clinician, on_time)
    client.post(f"/api/referrals/{on_time}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
    client.post(f"/api/referrals/{on_time}/intervention-start", json={"date": "2026-11-30"}, headers=clinician.headers)
    clock.advance(timedelta(days=3))  # Thursday: past the Wednesday 10:00 triage time
    triage(client, clinician, late, outcome="not_eligible", thrive=None)

    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["referrals"] == 3
    assert report["referrals_triaged"] == 2
    assert report["triaged_within_target_pct"] == 50.0
    assert report["eligible_pct"] == 50.0
    assert report["referrals_declined"] == 1
    assert report["interventions_started"] == 1 and report["intervention_started_within_target_pct"] == 100.0
    assert report["referrals_by_source"] == {"health_visiting": 2, "midwifery": 1}
    assert report["referrals_by_district"] == {"Dover": 1, "Thanet": 2}
    assert report["screening_pairs"] == 0 and report["phq9_change"] is None

    csv = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=true", headers=manager.headers).text
    assert "summary,referrals,<5" in csv and "summary,triaged_within_target_pct,[c]" in csv
    assert "referrals_by_district,Thanet,<5" in csv
    unsuppressed = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=false", headers=manager.headers).text
    assert "summary,eligible_pct,50\r\n" in unsuppressed
    assert client.get("/api/reports/quarterly?quarter=2025Q4", headers=manager.headers).json()["referrals"] == 0


def test_paired_screening_change_appears_only_once_there_are_five_pairs(client, practitioner, clinician, manager):
    before = {"phq9": {"total": 14, "item9": 0}, "gad7": {"total": 12}, "mors_sf": {"warmth": 15, "invasion": 20}}
    after = {"phq9": {"total": 8, "item9": 0}, "gad7": {"total": 9}, "mors_sf": {"warmth": 24, "invasion": 12}}
    for _ in range(4):
        _pathway(client, practitioner, clinician, before, after)
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["screening_pairs"] == 4 and report["phq9_change"] is None and report["phq9_before_mean"] is None
    _pathway(client, practitioner, clinician, before, {**after, "phq9": {"total": 4, "item9": 0}})
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    # (4 x -6 + 1 x -10) / 5 = -6.8
    assert report["screening_pairs"] == 5 and report["phq9_change"] == -6.8
    assert report["phq9_pairs"] == 5 and (report["phq9_before_mean"], report["phq9_after_mean"]) == (14.0, 7.2)  # 36 / 5
    assert report["gad7_change"] == -3.0 and report["mors_warmth_change"] == 9.0 and report["mors_invasion_change"] == -8.0


def test_the_linkage_export_is_manager_only_audited_and_holds_only_consented_referrals(client, db, practitioner, clinician, manager):
    consented = submit(client, practitioner)["reference"]
    submit(client, practitioner, {"consent.data_linkage_consent": False, "parent.nhs_number": "9990000034"})
    assert client.get("/api/referrals/linkage.csv", headers=clinician.headers).status_code == 403
    got = client.get("/api/referrals/linkage.csv", headers=manager.headers)
    assert got.status_code == 200
    assert got.text.splitlines() == ["reference,parent_nhs_number,infant_nhs_number", f"{consented},9990000018,9990000026"]
    db.expire_all()
    events = db.scalars(select(AuditEvent).where(AuditEvent.record == "referrals:linkage")).all()
    assert [(e.action, e.actor_id) for e in events] == [("export", manager.id)]
