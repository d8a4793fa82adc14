"""The whole life cycle through the API: triage, assessment, intervention, close or withdraw;
the timeline only grows; the intervention clock; screening scores validated like the readiness check."""
from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from consult.profiles import active_profile
from consult.referrals.guidance import not_eligible_guidance
from consult.referrals.service import follow_ups_due, get_referral
from tests.referrals.helpers import submit, triage

LETTER = "Thank you for referring the family. We met them for ten sessions and the work has now ended well."
SCREEN = {"mors_sf": {"warmth": 14, "invasion": 18}, "phq9": {"total": 12, "item9": 0}, "gad7": {"total": 9}}


def test_the_whole_pathway_from_triage_to_close_with_clocks_and_a_follow_up_task(client, db, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triaged = triage(client, clinician, reference, scores={"severity": 3, "relationship": 4, "protection": 2,
                                                           "parent_mental_health": 3})
    assert triaged["status"] == "eligible" and triaged["thrive"] == "getting_help" and triaged["cluster"] == 3
    assert triaged["triaged_within_target"] is True
    assert triaged["intervention_start_by"] is None

    assessed = client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-12-16", "screening": SCREEN},
                           headers=clinician.headers).json()
    # 15 working days after Wed 16 Dec 2026, skipping Christmas, Boxing Day (28th) and New Year's Day.
    assert assessed["intervention_start_by"] == "2027-01-11"
    started = client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2027-01-08"},
                          headers=clinician.headers).json()
    assert started["status"] == "in_intervention" and started["intervention_started_within_target"] is True

    end = {"mors_sf": {"warmth": 25, "invasion": 10}, "phq9": {"total": 6, "item9": 0}, "gad7": {"total": 4}}
    closed = client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER, "screening": end},
                         headers=clinician.headers).json()
    assert closed["status"] == "closed" and closed["end_of_contact_letter"] == LETTER
    assert closed["follow_up_on"] == "2027-05-23"
    assert set(closed["screening"]) == {"referral", "assessment", "end_of_intervention"}
    assert [e["kind"] for e in closed["timeline"]] == ["received", "acknowledged", "triaged", "allocated", "assessed",
                                                       "intervention_started", "closed"]
    from datetime import date
    assert [r.reference for r in follow_ups_due(db=db, on_or_before=date(2027, 5, 23))] == [reference]
    assert follow_ups_due(db=db, on_or_before=date(2027, 5, 22)) == []

    named = client.post(f"/api/referrals/{reference}/follow-up", json={"note": "Rang mum on 07700 900123."},
                        headers=clinician.headers)
    assert named.status_code == 422
    called = client.post(f"/api/referrals/{reference}/follow-up", json={"note": "Going well, no more support needed."},
                         headers=clinician.headers)
    assert called.status_code == 200, called.text
    assert "Going well" in called.json()["timeline"][-1]["detail"]
    again = client.post(f"/api/referrals/{reference}/follow-up", headers=clinician.headers)  # no body at all
    assert again.status_code == 409


def test_only_clinicians_triage_and_steps_out_of_order_are_refused(client, practitioner, clinician, manager):
    reference = submit(client, practitioner)["reference"]
    body = {"outcome": "eligible", "thrive": "getting_help", "guidance": "x" * 30}
    assert client.post(f"/api/referrals/{reference}/triage", json=body, headers=practitioner.headers).status_code == 403
    assert client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-30"},
                       headers=clinician.headers).status_code == 409
    assert client.post(f"/api/referrals/{reference}/triage", json={**body, "outcome": "maybe"},
                       headers=clinician.headers).status_code == 422
    assert client.post(f"/api/referrals/{reference}/triage", json=body, headers=manager.headers).status_code == 200
    assert client.post(f"/api/referrals/{reference}/triage", json=body, headers=clinician.headers).status_code == 409


def test_more_information_keeps_the_referral_on_the_triage_clock_until_a_decision(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    asked = triage(client, clinician, reference, outcome="more_information", thrive=None)
    assert asked["status"] == "more_information" and asked["triage_state"] in ("on_track", "due_soon")
    decided = triage(client, clinician, reference, outcome="eligible")
    assert decided["status"] == "eligible" and decided["triage_state"] == "done"


def test_a_not_eligible_outcome_gives_the_referrer_guidance_on_where_else_to_turn(client, db, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference, outcome="not_eligible", thrive=None,
           guidance="The difficulties described are about sleep routines rather than the relationship itself.")
    seen = client.get(f"/api/referrals/{reference}", headers=practitioner.headers).json()
    assert seen["status"] == "not_eligible" and "sleep routines" in seen["guidance"]
    sections = not_eligible_guidance(get_referral(db=db, reference=reference), active_profile())
    headings = [s.heading for s in sections]
    assert headings[0].startswith("Why") and "Perinatal mental health services" in headings
    assert any("Medway" in h for h in headings) and any("safety" in h for h in headings)


def test_screening_scores_out_of_range_are_refused_with_the_readiness_wording(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    bad = {"phq9": {"total": 28, "item9": 0}}
    got = client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-30", "screening": bad},
                      headers=clinician.headers)
    assert got.status_code == 422
    assert got.json()["detail"][0]["loc"] == ["body", "screening", "phq9", "total"]
    assert "between 0 and 27" in got.json()["detail"][0]["msg"]


def test_the_referrer_can_withdraw_but_another_practitioner_cannot(client, practitioner, outsider):
    reference = submit(client, practitioner)["reference"]
    body = {"reason": "family moved away"}
    assert client.post(f"/api/referrals/{reference}/withdraw", json=body, headers=outsider.headers).status_code == 404
    done = client.post(f"/api/referrals/{reference}/withdraw", json=body, headers=practitioner.headers)
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert client.post(f"/api/referrals/{reference}/withdraw", json=body, headers=practitioner.headers).status_code == 409


def test_the_timeline_cannot_be_rewritten(client, db, practitioner):
    submit(client, practitioner)
    with pytest.raises(DBAPIError):
        db.execute(text("UPDATE referral_events SET detail = 'changed'"))
        db.flush()
    db.rollback()
