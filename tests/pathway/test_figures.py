"""Pathway figures in the quarterly return, its CSV (suppressed) and the dashboard, against a
hand-computed fixture; waits in working days."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from tests.referrals.helpers import submit, triage


def _at(clock, *args) -> None:
    clock.set(datetime(*args, tzinfo=LONDON))


def _fixture(client, clock, practitioner, clinician) -> list[str]:
    """Six referrals received Monday 23 November 2026; triaged after 0, 0, 2, 2, 3 and 3 working
    days (median 2). One assessed on the 23rd and started Monday 30th: 5 working days. Three family
    appointments for it: attended, did not attend, cancelled by the family."""
    refs = [submit(client, practitioner)["reference"] for _ in range(6)]
    triage(client, clinician, refs[0])
    triage(client, clinician, refs[1])
    _at(clock, 2026, 11, 25, 11, 0)
    triage(client, clinician, refs[2])
    triage(client, clinician, refs[3])
    _at(clock, 2026, 11, 26, 11, 0)
    triage(client, clinician, refs[4])
    triage(client, clinician, refs[5])
    first = refs[0]
    ids = [client.post(f"/api/referrals/{first}/appointments", headers=clinician.headers, json={
        "starts": f"2026-11-27T{hour}:00:00+00:00", "kind": "assessment", "method": "phone"}).json()["id"]
        for hour in (10, 12, 14)]
    _at(clock, 2026, 11, 27, 16, 0)
    for appointment_id, outcome in zip(ids, ("did_not_attend", "attended", "cancelled_by_family"), strict=False):
        assert client.post(f"/api/referrals/{first}/appointments/{appointment_id}/attendance", headers=clinician.headers,
                           json={"outcome": outcome}).status_code == 200
    client.post(f"/api/referrals/{first}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
    client.post(f"/api/referrals/{first}/intervention-start", json={"date": "2026-11-30"}, headers=clinician.headers)
    return refs


def test_the_return_holds_the_pathway_figures_and_the_csv_suppresses_small_ones(
        client, clock, practitioner, clinician, manager):
    _fixture(client, clock, practitioner, clinician)
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["median_working_days_to_triage"] == 2.0
    assert report["median_working_days_assessment_to_intervention"] == 5.0
    assert report["family_appointments"] == 2 and report["family_appointments_cancelled"] == 1
    assert report["family_did_not_attend_pct"] == 50.0

    csv = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=true", headers=manager.headers).text
    assert "summary,median_working_days_to_triage,2" in csv  # over six triaged referrals: shown
    assert "summary,median_working_days_assessment_to_intervention,[c]" in csv  # over one family
    assert "summary,family_appointments,<5" in csv and "summary,family_did_not_attend_pct,[c]" in csv
    raw = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=false", headers=manager.headers).text
    assert "summary,family_did_not_attend_pct,50" in raw


def test_the_dashboard_shows_the_figures_and_draws_waits_over_time(client, clock, practitioner, clinician, manager):
    from tests.referrals.test_pages import _sign_in

    _fixture(client, clock, practitioner, clinician)
    _sign_in(client, manager)
    page = client.get("/reports/dashboard?quarter=2026Q4")
    assert page.status_code == 200, page.text[:300]
    assert "median working days from referral to triage" in page.text
    assert "family appointments" in page.text
    # Six triage waits ended in November: enough families for the month to be drawn.
    assert "Median wait in working days" in page.text and "90th percentile wait" in page.text
