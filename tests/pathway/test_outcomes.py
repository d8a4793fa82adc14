"""Extra outcome measures (City Birth Trauma Scale, ADBB, HADS) at the same stages as PHQ-9, GAD-7
and MORS-SF, their paired change in the return, and the pseudonymised record-level dataset."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from consult.privacy.audit import AuditEvent
from tests.referrals.helpers import submit, triage

LETTER = "Thank you for referring the family. We met them for ten sessions and the work has now ended well."


def _outcomes(client, clinician, reference, stage, **scores):
    return client.post(f"/api/referrals/{reference}/outcomes", headers=clinician.headers,
                       json={"stage": stage, "scores": scores})


def _closed_with_scores(client, practitioner, clinician, before: dict, after: dict) -> str:
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
    assert _outcomes(client, clinician, reference, "assessment", **before).status_code == 201
    client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2026-11-24"}, headers=clinician.headers)
    assert _outcomes(client, clinician, reference, "end_of_intervention", **after).status_code == 201
    assert client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER},
                       headers=clinician.headers).status_code == 200
    return reference


def test_totals_outside_each_tools_range_are_refused_and_a_stage_is_recorded_once(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    assert _outcomes(client, clinician, reference, "referral", hads_anxiety=22).status_code == 422
    assert "from 0 to 21" in _outcomes(client, clinician, reference, "referral", hads_depression=-1).text
    assert _outcomes(client, clinician, reference, "referral", adbb=33).status_code == 422
    assert _outcomes(client, clinician, reference, "referral", cbits=61).status_code == 422
    assert _outcomes(client, clinician, reference, "referral", kips=3).status_code == 422
    ok = _outcomes(client, clinician, reference, "referral", cbits=60, adbb=0, hads_anxiety=21)
    assert ok.status_code == 201 and ok.json()["outcomes"] == {"referral": {"cbits": 60, "adbb": 0, "hads_anxiety": 21}}
    assert _outcomes(client, clinician, reference, "referral", adbb=4).status_code == 409
    assert _outcomes(client, practitioner, reference, "assessment", adbb=4).status_code == 403


def test_paired_change_appears_in_the_return_once_five_families_have_both_scores(client, practitioner, clinician, manager):
    for n in range(4):
        _closed_with_scores(client, practitioner, clinician, {"hads_anxiety": 15, "adbb": 10}, {"hads_anxiety": 9 - n})
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["hads_anxiety_pairs"] == 4 and report["hads_anxiety_change"] is None  # under the threshold
    assert report["adbb_pairs"] == 0
    _closed_with_scores(client, practitioner, clinician, {"hads_anxiety": 15}, {"hads_anxiety": 5})
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    # After: 9, 8, 7, 6, 5 (mean 7) from 15: a mean fall of 8.
    assert report["hads_anxiety_pairs"] == 5 and report["hads_anxiety_before_mean"] == 15.0
    assert report["hads_anxiety_after_mean"] == 7.0 and report["hads_anxiety_change"] == -8.0
    csv_text = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=true", headers=manager.headers).text
    assert "summary,hads_anxiety_change,-8" in csv_text


def test_the_outcome_dataset_is_pseudonymised_manager_only_and_audited(client, db, practitioner, clinician, manager):
    reference = _closed_with_scores(client, practitioner, clinician, {"cbits": 30}, {"cbits": 12})
    assert client.get("/api/referrals/outcomes.csv", headers=clinician.headers).status_code == 403
    assert client.get("/api/referrals/outcomes.csv", headers=practitioner.headers).status_code == 403
    response = client.get("/api/referrals/outcomes.csv", headers=manager.headers)
    assert response.status_code == 200 and response.headers["cache-control"] == "no-store"
    (row,) = list(csv.DictReader(io.StringIO(response.text)))
    assert row["pseudonym"].startswith("P-") and row["district"] == "Thanet" and row["received_month"] == "2026-11"
    assert row["assessment_cbits"] == "30" and row["end_of_intervention_cbits"] == "12"
    for identifier in (reference, "9990000018", "999 000 0018", "1994-03-02", "CT9", "Ada Invented"):
        assert identifier not in response.text
    again = client.get("/api/referrals/outcomes.csv", headers=manager.headers).text
    assert row["pseudonym"] in again  # stable, so the digital lead can follow a family's scores
    audited = db.scalars(select(AuditEvent).where(AuditEvent.record == "referrals:outcome-dataset")).all()
    assert len(audited) == 2 and all(a.actor_id == manager.id and a.action == "export" for a in audited)


def _asq(client, clinician, reference, stage, total, interval, **scores):
    body = {"stage": stage, "scores": {"asqse2": total, **scores}}
    if interval is not None:
        body["asqse2_interval_months"] = interval
    return client.post(f"/api/referrals/{reference}/outcomes", headers=clinician.headers, json=body)


def test_pios_and_asqse2_are_checked_against_their_documented_bounds_and_asqse2_needs_its_interval(
        client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    assert "from 0 to 100" in _outcomes(client, clinician, reference, "referral", pios=101).text
    assert "from 0 to 540" in _asq(client, clinician, reference, "referral", 545, 60).text
    missing = _asq(client, clinician, reference, "referral", 45, None)
    assert missing.status_code == 422 and "asqse2_interval_months" in missing.text and "2, 6, 12" in missing.text
    assert _asq(client, clinician, reference, "referral", 45, 9).status_code == 422  # not one of the intervals
    alone = client.post(f"/api/referrals/{reference}/outcomes", headers=clinician.headers,
                        json={"stage": "referral", "scores": {"pios": 20}, "asqse2_interval_months": 12})
    assert alone.status_code == 422 and "only with an ASQ:SE-2 total" in alone.text
    ok = _asq(client, clinician, reference, "referral", 540, 60, pios=0)
    assert ok.status_code == 201, ok.text
    assert ok.json()["outcomes"] == {"referral": {"asqse2": 540, "asqse2_interval_months": 60, "pios": 0}}


def test_pios_and_asqse2_have_paired_change_in_the_return_and_the_dataset_keeps_each_interval(
        client, practitioner, clinician, manager):
    references = []
    for n in range(5):
        reference = submit(client, practitioner)["reference"]
        triage(client, clinician, reference)
        client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
        assert _asq(client, clinician, reference, "assessment", 90, 6, pios=10).status_code == 201
        client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2026-11-24"},
                    headers=clinician.headers)
        # Months on, the baby has moved to the next interval's questionnaire.
        assert _asq(client, clinician, reference, "end_of_intervention", 60 - 5 * n, 12, pios=14).status_code == 201
        assert client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER},
                           headers=clinician.headers).status_code == 200
        references.append(reference)
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    # After: 60, 55, 50, 45, 40 (mean 50) from 90: a mean fall of 40.
    assert report["asqse2_pairs"] == 5 and report["asqse2_before_mean"] == 90.0 and report["asqse2_change"] == -40.0
    assert report["pios_pairs"] == 5 and report["pios_change"] == 4.0

    rows = list(csv.DictReader(io.StringIO(client.get("/api/referrals/outcomes.csv", headers=manager.headers).text)))
    assert len(rows) == 5
    assert {r["assessment_asqse2_interval_months"] for r in rows} == {"6"}
    assert {r["end_of_intervention_asqse2_interval_months"] for r in rows} == {"12"}
    assert sorted(int(r["end_of_intervention_asqse2"]) for r in rows) == [40, 45, 50, 55, 60]
    assert {r["assessment_pios"] for r in rows} == {"10"} and {r["referral_pios"] for r in rows} == {""}

    from tests.referrals.test_pages import _sign_in

    _sign_in(client, manager)
    board = client.get("/reports/dashboard?quarter=2026Q4").text
    pios = board[board.index('id="screening-pios"'):]
    pios = pios[: pios.index("</tr>")]
    # PIOS's better direction is not stated: the change is a number, never "better" or "worse".
    assert "Not stated" in pios and "up 4.0" in pios and "better" not in pios and "worse" not in pios
    asq = board[board.index('id="screening-asqse2"'):]
    assert "down 40.0 (better)" in asq[: asq.index("</tr>")]
