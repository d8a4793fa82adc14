"""The web forms for outcome measures and for handing a family to another clinician: plain forms
that post and redirect (no JavaScript), errors beside their field, clinicians only."""
from __future__ import annotations

import re

from tests.referrals.helpers import submit, triage
from tests.referrals.test_pages import _sign_in


def _token(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _eligible(client, practitioner, clinician) -> str:
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    return reference


def test_a_clinician_records_totals_on_the_outcomes_page_and_sees_them(client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    _sign_in(client, clinician)
    page = f"/referrals/{reference}/outcomes"
    assert f'href="{page}"' in client.get(f"/referrals/{reference}").text  # linked from the referral
    form = {"csrf_token": _token(client, page), "stage": "assessment", "hads_anxiety": "12", "pios": "30",
            "asqse2": "45", "asqse2_interval_months": "12"}
    posted = client.post(page, data=form, follow_redirects=False)
    assert posted.status_code == 303 and posted.headers["location"] == page
    shown = client.get(page).text
    assert "At assessment: recorded HADS anxiety, PIOS" in shown and "(12-month questionnaire)" in shown
    api = client.post(f"/api/referrals/{reference}/outcomes", headers=clinician.headers,
                      json={"stage": "assessment", "scores": {"hads_anxiety": 3}})
    assert api.status_code == 409  # the page stored it: a stage's measure is recorded once


def test_problems_are_shown_beside_their_box_and_nothing_is_stored(client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    _sign_in(client, clinician)
    page = f"/referrals/{reference}/outcomes"
    token = _token(client, page)
    typed = client.post(page, data={"csrf_token": token, "stage": "referral", "adbb": "a lot", "pios": "20"})
    assert typed.status_code == 422
    assert 'id="adbb-error"' in typed.text and 'href="#adbb"' in typed.text and 'value="20"' in typed.text
    too_high = client.post(page, data={"csrf_token": token, "stage": "referral", "pios": "101"})
    assert too_high.status_code == 422 and 'id="pios-error"' in too_high.text and "from 0 to 100" in too_high.text
    no_interval = client.post(page, data={"csrf_token": token, "stage": "referral", "asqse2": "45"})
    assert no_interval.status_code == 422 and 'id="asqse2_interval_months-error"' in no_interval.text
    nothing = client.post(page, data={"csrf_token": token, "stage": "referral"})
    assert nothing.status_code == 422 and "Give at least one score" in nothing.text
    assert client.post(page, data={"stage": "referral", "pios": "20"}).status_code == 400  # no CSRF token
    assert "Nothing recorded yet." in client.get(page).text


def test_only_clinicians_open_the_outcomes_page(client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    _sign_in(client, practitioner)
    assert client.get(f"/referrals/{reference}/outcomes", follow_redirects=False).status_code in (403, 404)


def test_a_clinician_hands_the_family_to_another_and_a_stale_form_changes_nothing(
        client, practitioner, clinician, second_clinician):
    reference = _eligible(client, practitioner, clinician)  # triage allocated it to the triaging clinician
    _sign_in(client, clinician)
    page = f"/referrals/{reference}/appointments"
    shown = client.get(page).text
    assert f"Held by {clinician.name}" in shown and f'name="expected_clinician_id" value="{clinician.id}"' in shown
    token = _token(client, page)
    handed = client.post(f"/referrals/{reference}/allocation", follow_redirects=False, data={
        "csrf_token": token, "clinician_id": str(second_clinician.id), "expected_clinician_id": str(clinician.id)})
    assert handed.status_code == 303
    assert f"{reference} is now held by {second_clinician.name}." in client.get(page).text
    caseload = client.get("/api/caseload", headers=clinician.headers).json()["clinicians"]
    assert {c["name"]: c["open_referrals"] for c in caseload}[second_clinician.name] == 1
    # A second tab still showing the first clinician as holder: refused, the hand-over stands.
    stale = client.post(f"/referrals/{reference}/allocation", follow_redirects=True, data={
        "csrf_token": token, "clinician_id": str(clinician.id), "expected_clinician_id": str(clinician.id)})
    assert "allocated by someone else meanwhile" in stale.text and f"Held by {second_clinician.name}" in stale.text
    practitioner_pick = client.post(f"/referrals/{reference}/allocation", follow_redirects=True, data={
        "csrf_token": token, "clinician_id": str(practitioner.id), "expected_clinician_id": str(second_clinician.id)})
    assert "Choose an active clinician." in practitioner_pick.text
    assert f"Held by {second_clinician.name}" in practitioner_pick.text


def test_a_closed_referral_still_links_to_its_outcome_measures(client, practitioner, clinician):
    reference = _eligible(client, practitioner, clinician)
    letter = "Thank you for referring the family. The work has ended and we will call them in six months."
    assert client.post(f"/api/referrals/{reference}/close", json={"letter": letter},
                       headers=clinician.headers).status_code == 200
    _sign_in(client, clinician)
    assert f'href="/referrals/{reference}/outcomes"' in client.get(f"/referrals/{reference}").text
