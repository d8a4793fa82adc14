"""Caseload: a referral is allocated at triage; the caseload counts open referrals beside open
consultations; the duty rota's least-loaded offer counts both; only clinicians and above see it."""
from __future__ import annotations

from datetime import date

from consult.auth.models import User
from consult.consultations import rota, service
from consult.consultations.commands import ConsultationRequest
from tests.referrals.helpers import submit, triage

SUMMARY = "Mum of a 3 month old feels low and says the baby does not like her; health visitor worried."


def _row(client, persona, who) -> dict:
    rows = client.get("/api/caseload", headers=persona.headers).json()["clinicians"]
    return next(r for r in rows if r["id"] == who.id)


def test_triage_allocates_the_family_to_the_triaging_clinician_or_the_one_named(
        client, practitioner, clinician, second_clinician):
    first = submit(client, practitioner)["reference"]
    second = submit(client, practitioner)["reference"]
    declined = submit(client, practitioner)["reference"]
    triage(client, clinician, first)
    triage(client, clinician, second, allocate_to=second_clinician.id)
    triage(client, clinician, declined, outcome="not_eligible")
    assert _row(client, clinician, clinician) == {"id": clinician.id, "name": clinician.name, "open_referrals": 1,
                                                  "open_consultations": 0}
    assert _row(client, clinician, second_clinician)["open_referrals"] == 1
    timeline = client.get(f"/api/referrals/{second}", headers=clinician.headers).json()["timeline"]
    assert {"kind": "allocated", "detail": f"allocated to {second_clinician.name}"}.items() <= \
        next(e for e in timeline if e["kind"] == "allocated").items()


def test_allocating_to_someone_who_is_not_a_clinician_is_refused_and_nothing_changes(
        client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    refused = client.post(f"/api/referrals/{reference}/triage", headers=clinician.headers, json={
        "outcome": "eligible", "thrive": "getting_help", "guidance": "Eligible: an assessment will be offered soon.",
        "allocate_to": practitioner.id})
    assert refused.status_code == 422 and "clinician" in refused.text
    assert client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["status"] == "acknowledged"


def test_a_hand_over_is_a_conditional_update_so_a_stale_one_gets_409(client, practitioner, clinician, second_clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    moved = client.post(f"/api/referrals/{reference}/allocation", headers=clinician.headers,
                        json={"clinician_id": second_clinician.id, "expected_clinician_id": clinician.id})
    assert moved.status_code == 200 and moved.json()["allocated_to"]["id"] == second_clinician.id
    stale = client.post(f"/api/referrals/{reference}/allocation", headers=second_clinician.headers,
                        json={"clinician_id": clinician.id, "expected_clinician_id": clinician.id})
    assert stale.status_code == 409
    assert _row(client, clinician, second_clinician)["open_referrals"] == 1
    assert _row(client, clinician, clinician)["open_referrals"] == 0


def test_only_clinicians_and_managers_see_the_caseload(client, practitioner, clinician, manager):
    assert client.get("/api/caseload", headers=practitioner.headers).status_code == 403
    assert client.get("/api/caseload").status_code == 401
    assert client.get("/api/caseload", headers=manager.headers).status_code == 200
    assert client.post("/api/referrals/REF-2026-00001/allocation", headers=practitioner.headers,
                       json={"clinician_id": clinician.id}).status_code == 403


def test_the_least_loaded_offer_counts_open_referrals_as_well_as_consultations(
        client, db, practitioner, clinician, second_clinician):
    # Priya holds two families from triage; Tomasz one open consultation: Tomasz is less loaded.
    for _ in range(2):
        triage(client, clinician, submit(client, practitioner)["reference"])
    priya, tomasz = db.get(User, clinician.id), db.get(User, second_clinician.id)
    rota.set_duty(db=db, day=date(2026, 11, 23), clinicians=[priya, tomasz])
    jo = db.get(User, practitioner.id)
    held = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.commit()
    assert held.offered_to_id == tomasz.id, "Priya holds two open referrals, so the request goes to Tomasz"
    nxt = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.commit()
    # Tomasz now holds 1 consultation, Priya 2 referrals: still Tomasz.
    assert nxt.offered_to_id == tomasz.id
    assert _row(client, clinician, tomasz) == {"id": tomasz.id, "name": tomasz.name, "open_referrals": 0,
                                               "open_consultations": 2}


def test_the_caseload_page_lists_each_clinician_and_the_signed_in_clinicians_families(
        client, practitioner, clinician, second_clinician):
    from tests.referrals.test_pages import _sign_in

    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    _sign_in(client, clinician)
    page = client.get("/caseload")
    assert page.status_code == 200 and clinician.name in page.text and second_clinician.name in page.text
    assert f'href="/referrals/{reference}/appointments"' in page.text
    _sign_in(client, practitioner)
    assert client.get("/caseload").status_code in (403, 303)
