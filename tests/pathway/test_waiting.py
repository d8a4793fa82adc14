"""The waiting list: who is waiting at triage, assessment and intervention, how long in working
days (a bank holiday is not a working day), sorted by the time left on each family's clock."""
from __future__ import annotations

from datetime import datetime, timedelta

from consult.clock import LONDON
from tests.referrals.helpers import submit, triage


def _at(clock, *args) -> None:
    clock.set(datetime(*args, tzinfo=LONDON))


def _build(client, clock, practitioner, clinician) -> dict[str, str]:
    """A hand-built week before Christmas 2026 (Friday 25 and Monday 28 December are bank holidays).

    - T1 received Wed 23 Dec 10:00, still waiting for triage;
    - T2 received Thu 24 Dec 10:00, still waiting for triage (more time left than T1);
    - A1 received and triaged eligible Mon 21 Dec: waiting for assessment;
    - I1 received Mon 14 Dec, triaged, assessed Fri 18 Dec: waiting for the intervention;
    - X1 received Mon 14 Dec and found not eligible: waiting for nothing."""
    refs = {}
    _at(clock, 2026, 12, 14, 9, 30)
    refs["I1"] = submit(client, practitioner)["reference"]
    refs["X1"] = submit(client, practitioner)["reference"]
    triage(client, clinician, refs["I1"])
    triage(client, clinician, refs["X1"], outcome="not_eligible")
    _at(clock, 2026, 12, 18, 11, 0)
    assessed = client.post(f"/api/referrals/{refs['I1']}/assessment", json={"date": "2026-12-18"}, headers=clinician.headers)
    assert assessed.status_code == 200, assessed.text
    _at(clock, 2026, 12, 21, 9, 15)
    refs["A1"] = submit(client, practitioner)["reference"]
    triage(client, clinician, refs["A1"])
    _at(clock, 2026, 12, 23, 10, 0)
    refs["T1"] = submit(client, practitioner)["reference"]
    _at(clock, 2026, 12, 24, 10, 0)
    refs["T2"] = submit(client, practitioner)["reference"]
    return refs


def test_each_stage_counts_its_families_and_the_longest_wait_skips_the_bank_holidays(client, clock, practitioner, clinician):
    refs = _build(client, clock, practitioner, clinician)
    _at(clock, 2026, 12, 30, 10, 0)  # Wednesday after Christmas
    body = client.get("/api/referrals/waiting", headers=clinician.headers).json()
    assert body["as_of"] == "2026-12-30"
    stages = body["stages"]
    # T1 waited Wed 23, Thu 24, Tue 29 = 3 working days (Fri 25, the weekend and Mon 28 left out).
    assert stages["triage"]["count"] == 2 and stages["triage"]["longest_working_days"] == 3
    assert [f["reference"] for f in stages["triage"]["families"]] == [refs["T1"], refs["T2"]]
    t1 = stages["triage"]["families"][0]
    assert t1["working_days_waited"] == 3 and t1["state"] == "overdue" and t1["time_left"].startswith("overdue by")
    # A1 triaged Mon 21 Dec: 21, 22, 23, 24, 29 = 5 working days waiting for assessment.
    assert stages["assessment"]["count"] == 1 and stages["assessment"]["longest_working_days"] == 5
    assert stages["assessment"]["families"][0]["allocated_to"] == clinician.name
    # Due 15 working days after 21 Dec: 22, 23, 24, 29, 30, 31 Dec, then 4-8 and 11-14 Jan (1 Jan is a holiday).
    assert stages["assessment"]["families"][0]["due"] == "2027-01-14"
    # I1 assessed Fri 18 Dec: 18, 21, 22, 23, 24, 29 = 6 working days waiting for the intervention.
    intervention = stages["intervention"]
    assert intervention["count"] == 1 and intervention["longest_working_days"] == 6
    assert intervention["families"][0]["reference"] == refs["I1"]
    assert refs["X1"] not in str(body)


def test_the_list_holds_no_family_identifiers_and_only_clinicians_and_managers_see_it(
        client, clock, practitioner, clinician, manager):
    _build(client, clock, practitioner, clinician)
    text = client.get("/api/referrals/waiting", headers=manager.headers).text
    assert "9990000018" not in text and "999 000 0018" not in text and "date_of_birth" not in text
    assert client.get("/api/referrals/waiting", headers=practitioner.headers).status_code == 403
    assert client.get("/api/referrals/waiting").status_code == 401


def test_a_family_moves_between_lists_as_the_pathway_goes_on(client, clock, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]

    def counts():
        stages = client.get("/api/referrals/waiting", headers=clinician.headers).json()["stages"]
        return stages["triage"]["count"], stages["assessment"]["count"], stages["intervention"]["count"]

    assert counts() == (1, 0, 0)
    triage(client, clinician, reference)
    assert counts() == (0, 1, 0)
    client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
    assert counts() == (0, 0, 1)
    clock.advance(timedelta(days=1))
    client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2026-11-24"}, headers=clinician.headers)
    assert counts() == (0, 0, 0)


def test_the_page_shows_each_stage_sorted_by_time_left(client, clock, practitioner, clinician):
    from tests.referrals.test_pages import _sign_in

    refs = _build(client, clock, practitioner, clinician)
    _at(clock, 2026, 12, 30, 10, 0)
    _sign_in(client, clinician)
    page = client.get("/referrals/waiting")
    assert page.status_code == 200
    assert "Waiting for triage" in page.text and "Waiting for assessment" in page.text
    assert page.text.index(refs["T1"]) < page.text.index(refs["T2"])
    assert "longest wait 3 working days" in page.text
