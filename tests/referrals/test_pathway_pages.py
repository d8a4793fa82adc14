"""The clinician's referral page carries the pathway after triage: assessment date, intervention
start, close with the end-of-contact letter, and withdraw; each a CSRF-protected form."""
from __future__ import annotations

from tests.referrals.helpers import submit, triage
from tests.referrals.test_pages import _sign_in

LETTER = ("Thank you for the referral. We offered eight sessions of parent-infant work and the parent "
          "now feels more confident with the baby. We will call the family in six months.")


def _post(client, token: str, reference: str, step: str, **fields):
    return client.post(f"/referrals/{reference}/{step}", data={"csrf_token": token, **fields}, follow_redirects=False)


def test_a_clinician_records_assessment_intervention_and_close_and_the_timeline_shows_each_step(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    token = _sign_in(client, clinician)
    page = client.get(f"/referrals/{reference}")
    assert f'action="/referrals/{reference}/assessment"' in page.text and 'name="assessment_on"' in page.text

    assert _post(client, token, reference, "assessment", assessment_on="2026-11-23").status_code == 303
    page = client.get(f"/referrals/{reference}")
    assert "Assessment recorded" in page.text and 'name="intervention_on"' in page.text
    assert 'name="assessment_on"' not in page.text

    assert _post(client, token, reference, "intervention", intervention_on="2026-11-23").status_code == 303
    assert _post(client, token, reference, "close", letter=LETTER).status_code == 303
    page = client.get(f"/referrals/{reference}")
    timeline = page.text[page.text.index("<h2>Timeline</h2>"):]
    for step in ("Received", "Triaged", "Assessed", "Intervention started", "Closed"):
        assert step in timeline
    assert "eight sessions" in page.text and f'action="/referrals/{reference}/withdraw"' not in page.text
    assert client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["status"] == "closed"


def test_a_bad_date_or_a_short_letter_is_shown_beside_its_field_and_nothing_changes(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    token = _sign_in(client, clinician)
    bad = _post(client, token, reference, "assessment", assessment_on="23rd of Nov")
    assert bad.status_code == 422 and 'href="#assessment_on"' in bad.text and 'id="assessment_on-error"' in bad.text
    early = _post(client, token, reference, "assessment", assessment_on="2026-01-05")
    assert early.status_code == 422 and "cannot be before the referral was received" in early.text
    _post(client, token, reference, "assessment", assessment_on="2026-11-23")
    short = _post(client, token, reference, "close", letter="Closed.")
    assert short.status_code == 422 and 'href="#letter"' in short.text and "at least 40 characters" in short.text
    assert client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["status"] == "assessed"


def test_withdrawing_needs_the_csrf_token_and_a_reason_without_identifiers(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    token = _sign_in(client, clinician)
    assert client.post(f"/referrals/{reference}/withdraw", data={"reason": "The family moved away."}).status_code == 400
    named = _post(client, token, reference, "withdraw", reason="Family moved, NHS number 999 000 0018.")
    assert named.status_code == 422 and 'href="#reason"' in named.text
    done = _post(client, token, reference, "withdraw", reason="The family moved out of the area.")
    assert done.status_code == 303
    page = client.get(f"/referrals/{reference}")
    assert "Withdrawn" in page.text and 'name="reason"' not in page.text


def test_a_practitioner_cannot_use_the_clinicians_pathway_forms(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    token = _sign_in(client, practitioner)
    refused = _post(client, token, reference, "assessment", assessment_on="2026-11-23")
    assert refused.status_code == 403
    assert client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["status"] == "eligible"


def _scores(**values) -> dict[str, str]:
    names = {"warmth": "screening.mors_sf.warmth", "invasion": "screening.mors_sf.invasion",
             "phq9": "screening.phq9.total", "item9": "screening.phq9.item9", "gad7": "screening.gad7.total"}
    return {names[k]: str(v) for k, v in values.items()}


def test_screening_scores_are_recorded_at_assessment_and_at_the_end_and_shown_on_the_page(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    token = _sign_in(client, clinician)
    form = client.get(f"/referrals/{reference}").text
    assert 'name="screening.phq9.total"' in form and 'for="screening-phq9-total"' in form
    assert _post(client, token, reference, "assessment", assessment_on="2026-11-23",
                 **_scores(warmth=14, invasion=19, phq9=16, item9=0, gad7=12)).status_code == 303
    _post(client, token, reference, "intervention", intervention_on="2026-11-23")
    assert _post(client, token, reference, "close", letter=LETTER, **_scores(warmth=24, phq9=7, gad7="")).status_code == 303
    screening = client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["screening"]
    assert screening["assessment"] == {"mors_sf": {"warmth": 14, "invasion": 19}, "phq9": {"total": 16, "item9": 0},
                                       "gad7": {"total": 12}}
    assert screening["end_of_intervention"] == {"mors_sf": {"warmth": 24, "invasion": None},
                                                "phq9": {"total": 7, "item9": None}, "gad7": {"total": None}}
    page = client.get(f"/referrals/{reference}").text
    table = page[page.index("<h2>Screening scores</h2>"):page.index("How the relationship is affected")]
    assert "At assessment" in table and "End of intervention" in table and "<td>24</td>" in table


def test_a_score_out_of_range_is_shown_beside_its_box_and_nothing_is_recorded(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    token = _sign_in(client, clinician)
    high = _post(client, token, reference, "assessment", assessment_on="2026-11-23", **_scores(phq9=30, gad7=5))
    assert high.status_code == 422
    assert 'href="#screening-phq9-total"' in high.text and 'id="screening-phq9-total-error"' in high.text
    assert 'value="30"' in high.text and 'value="5"' in high.text  # what was typed comes back
    words = _post(client, token, reference, "assessment", assessment_on="2026-11-23", **_scores(gad7="twelve"))
    assert words.status_code == 422 and "whole number" in words.text
    detail = client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()
    assert detail["status"] == "eligible" and "assessment" not in detail["screening"]
