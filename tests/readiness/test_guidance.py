"""The `guidance` paragraph: one likely route per situation (this service's triage, safeguarding,
a universal or targeted offer, services where the family lives, the perinatal mental health
service), the screening scores in their published bands, and never a clinical decision."""
from __future__ import annotations

import pytest

from consult.profiles import load_profile
from consult.readiness.guidance import GAD7_BANDS, NOT_A_DECISION, PHQ9_BANDS, band
from consult.readiness.schemas import ReadinessRequest
from consult.readiness.service import check_referral
from tests.readiness.helpers import complete

KENT = load_profile("kent")


def guidance(changes: dict) -> str:
    request = ReadinessRequest.model_validate(complete(changes))
    return check_referral(referral=request, profile=KENT, as_of=request.as_of).guidance


@pytest.mark.parametrize(("changes", "route", "contact"), [
    ({}, "Ready to send: the referral looks complete and within the criteria", None),
    ({"safeguarding.child_protection_investigation": True}, "Likely route: safeguarding, not a referral to this service",
     KENT.contacts.safeguarding),
    ({"referrer.source": "self"}, "Likely route: a referral by a professional who knows the family", None),
    ({"parent.district": "Medway"}, "Likely route: services where the family lives, as Kent PIMHS only covers Kent", None),
    ({"infant.date_of_birth": "2024-01-10"}, "Likely route: a universal or targeted offer, or another service",
     KENT.contacts.universal_offer),
    ({"description": "Too short.", "concerns": []}, "Not ready to send yet: put right the 2 items marked with a cross", None),
])
def test_each_situation_names_its_likely_route_and_who_to_contact(changes, route, contact):
    text = guidance(changes)
    assert text.startswith(route)
    if contact:
        assert contact in text
    assert text.endswith(NOT_A_DECISION)  # a likely route, never the triage decision


def test_moderate_scores_point_to_the_perinatal_mental_health_service_as_well():
    mild = guidance({"screening.phq9.total": 9, "screening.gad7.total": 9})
    assert "PHQ-9 9 of 27 (mild depression symptoms)" in mild and "GAD-7 9 of 21 (mild anxiety symptoms)" in mild
    assert KENT.contacts.perinatal_mental_health not in mild
    for moderate in ({"screening.phq9.total": 10}, {"screening.gad7.total": 10}):
        assert KENT.contacts.perinatal_mental_health in guidance(moderate)
        assert guidance(moderate).startswith("Ready to send")  # alongside this service, not instead of it


def test_a_self_harm_answer_comes_first_and_safeguarding_stays_involved():
    text = guidance({"screening.phq9.item9": 1, "safeguarding.concerns": True, "safeguarding.procedures_followed": True})
    assert text.startswith("First, act today on the parent's answer to PHQ-9 question 9")
    assert "Keep the safeguarding lead involved" in text


def test_scores_out_of_range_are_not_put_in_a_band():
    text = guidance({"screening.phq9.total": 30, "screening.gad7.total": 6})
    assert "PHQ-9" not in text and "GAD-7 6 of 21 (mild anxiety symptoms)" in text


@pytest.mark.parametrize(("score", "phq9", "gad7"), [
    (0, "minimal", "minimal"), (4, "minimal", "minimal"), (5, "mild", "mild"), (9, "mild", "mild"),
    (10, "moderate", "moderate"), (14, "moderate", "moderate"), (15, "moderately severe", "severe"),
    (19, "moderately severe", "severe"), (20, "severe", "severe"), (21, "severe", "severe"), (27, "severe", None),
])
def test_severity_bands_at_their_published_cut_offs(score, phq9, gad7):
    assert band(score, PHQ9_BANDS) == phq9
    assert band(score, GAD7_BANDS) == gad7
