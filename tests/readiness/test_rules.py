"""The readiness rules, one table row per problem code and per warning, and the boundaries."""
from __future__ import annotations

from datetime import date

import pytest

from consult.profiles import load_profile
from consult.readiness.dates import birthday
from consult.readiness.schemas import ReadinessRequest
from consult.readiness.service import check_referral
from tests.readiness.helpers import FAILS_MODULUS_11, complete


def run(body: dict, profile: str = "kent"):
    request = ReadinessRequest.model_validate(body)
    return check_referral(referral=request, profile=load_profile(profile), as_of=request.as_of)


def codes(findings) -> set[tuple[str, str]]:
    return {(f.code, f.field) for f in findings}


def test_the_complete_draft_is_ready_with_nothing_to_note():
    result = run(complete())
    assert result.ready and result.problems == () and result.warnings == ()
    assert all(item.status == "ok" for item in result.items)


PROBLEMS = [
    ("consent_missing", "consent.informed_consent_to_referral", {"consent.informed_consent_to_referral": False}),
    ("consent_missing", "consent.informed_consent_to_referral", {"consent.informed_consent_to_referral": None}),
    ("self_referral", "referrer.source", {"referrer.source": "self"}),
    ("self_referral", "referrer.source", {"referrer.source": "family"}),
    ("self_referral", "referrer.source", {"referrer.source": "Friend"}),
    ("referrer_source_not_accepted", "referrer.source", {"referrer.source": None}),
    ("referrer_source_not_accepted", "referrer.source", {"referrer.source": "plumbing"}),
    ("referrer_source_not_accepted", "referrer.source", {"referrer.source": "perinatal_mental_health"}),
    ("nhs_number_missing", "parent.nhs_number", {"parent.nhs_number": None}),
    ("nhs_number_missing", "parent.nhs_number", {"parent.nhs_number": "   "}),
    ("nhs_number_missing", "infant.nhs_number", {"infant.nhs_number": None}),
    ("nhs_number_invalid", "parent.nhs_number", {"parent.nhs_number": "999 000 001"}),
    ("nhs_number_invalid", "parent.nhs_number", {"parent.nhs_number": FAILS_MODULUS_11}),
    ("nhs_number_invalid", "parent.nhs_number", {"parent.nhs_number": "999 000 001A"}),
    ("nhs_number_invalid", "infant.nhs_number", {"infant.nhs_number": "99900000261"}),
    ("outside_area", "parent.district", {"parent.district": None}),
    ("outside_area", "parent.district", {"parent.district": "Medway"}),
    ("outside_area", "parent.district", {"parent.district": "Norwich"}),
    ("infant_age_unknown", "infant.date_of_birth", {"infant.date_of_birth": None}),
    ("infant_too_old", "infant.date_of_birth", {"infant.date_of_birth": "2024-11-23"}),
    ("infant_date_of_birth_in_future", "infant.date_of_birth", {"infant.date_of_birth": "2026-11-24"}),
    ("no_relationship_concern", "concerns", {"concerns": []}),
    ("no_relationship_concern", "concerns", {"concerns": None}),
    ("description_insufficient", "description", {"description": " ".join(["word"] * 14)}),
    ("description_insufficient", "description", {"description": None}),
    ("child_protection_investigation", "safeguarding.child_protection_investigation",
     {"safeguarding.child_protection_investigation": True}),
    ("score_out_of_range", "screening.mors_sf.warmth", {"screening.mors_sf.warmth": 36}),
    ("score_out_of_range", "screening.mors_sf.invasion", {"screening.mors_sf.invasion": -1}),
    ("score_out_of_range", "screening.phq9.total", {"screening.phq9.total": 28}),
    ("score_out_of_range", "screening.phq9.item9", {"screening.phq9.item9": 4}),
    ("score_out_of_range", "screening.gad7.total", {"screening.gad7.total": 22}),
]


@pytest.mark.parametrize(("code", "field", "change"), PROBLEMS, ids=[f"{c}-{i}" for i, (c, _f, _ch) in enumerate(PROBLEMS)])
def test_each_problem_is_reported_alone_against_its_field(code, field, change):
    result = run(complete(change))
    assert codes(result.problems) == {(code, field)}
    assert not result.ready
    assert all(len(f.message) > 40 for f in result.problems)  # a sentence that says what to do, not a code


def test_safeguarding_concerns_without_procedures_are_not_actioned():
    for followed in (False, None):
        result = run(complete({"safeguarding.concerns": True, "safeguarding.procedures_followed": followed}))
        assert codes(result.problems) == {("safeguarding_not_actioned", "safeguarding.procedures_followed")}
        assert load_profile("kent").contacts.safeguarding in result.problems[0].message


WARNINGS = [
    ("data_linkage_consent_missing", "consent.data_linkage_consent", {"consent.data_linkage_consent": False}),
    ("data_linkage_consent_missing", "consent.data_linkage_consent", {"consent.data_linkage_consent": None}),
    ("self_harm_risk", "screening.phq9.item9", {"screening.phq9.item9": 1}),
    ("self_harm_risk", "screening.phq9.item9", {"screening.phq9.item9": 3}),
    ("safeguarding_concern", "safeguarding.concerns", {"safeguarding.concerns": True, "safeguarding.procedures_followed": True}),
    ("interpreter_required", "parent.interpreter_required", {"parent.interpreter_required": True}),
    ("antenatal", "infant.expected_due_date",
     {"infant.date_of_birth": None, "infant.nhs_number": None, "infant.expected_due_date": "2027-03-01"}),
    ("expected_due_date_unlikely", "infant.expected_due_date",
     {"infant.date_of_birth": None, "infant.nhs_number": None, "infant.expected_due_date": "2027-11-01"}),
    ("concern_code_unknown", "concerns", {"concerns": ["not_bonding", "made_up"]}),
    ("score_inconsistent", "screening.phq9.total", {"screening.phq9.total": 1, "screening.phq9.item9": 2}),
]


@pytest.mark.parametrize(("code", "field", "change"), WARNINGS, ids=[f"{c}-{i}" for i, (c, _f, _ch) in enumerate(WARNINGS)])
def test_each_warning_leaves_the_referral_ready(code, field, change):
    result = run(complete(change))
    assert result.ready, result.problems
    # A question-9 score above the total is also a question-9 score above 0.
    also = {("self_harm_risk", "screening.phq9.item9")} if code == "score_inconsistent" else set()
    assert codes(result.warnings) == {(code, field)} | also


def test_a_passed_due_date_without_a_birth_date_asks_for_the_birth_and_the_babys_number():
    result = run(complete({"infant.date_of_birth": None, "infant.nhs_number": None, "infant.expected_due_date": "2026-11-01"}))
    assert codes(result.problems) == {("nhs_number_missing", "infant.nhs_number")}
    assert codes(result.warnings) == {("expected_due_date_passed", "infant.expected_due_date")}


def test_a_phased_out_source_is_told_it_is_not_yet_accepted_and_who_can_refer():
    message = run(complete({"referrer.source": "perinatal_mental_health"})).problems[0].message
    assert "not yet accepted" in message and "Health visiting" in message


def test_self_referral_says_the_service_cannot_take_it_and_who_can_refer():
    message = run(complete({"referrer.source": "self"})).problems[0].message
    assert "cannot take referrals from parents" in message and "Midwifery" in message


def test_medway_is_told_where_to_go_from_the_profile():
    kent = load_profile("kent")
    message = run(complete({"parent.district": "  medway "})).problems[0].message
    assert kent.contacts.out_of_area["Medway"] in message and "Tunbridge Wells" in message


@pytest.mark.parametrize("typed", ["Folkestone & Hythe", "folkestone and hythe", "  FOLKESTONE   &HYTHE ", "Folkestone-and-Hythe"])
def test_districts_match_whatever_the_case_ampersands_and_spaces(typed):
    assert run(complete({"parent.district": typed})).ready


@pytest.mark.parametrize("typed", ["999 000 0018", "999-000-0018", " 9990000018 ", "99 90 00 00 18", "999\u00a0000\u00a00018", "999 - 000 - 0018"])  # noqa: E501
def test_formatted_nhs_numbers_are_accepted(typed):
    assert run(complete({"parent.nhs_number": typed})).ready


@pytest.mark.parametrize("typed", ["999.000.0018", "999 000 0018 1", "９９９０００００１８", "nine"])
def test_nhs_numbers_that_are_not_ten_plain_digits_are_invalid(typed):
    assert codes(run(complete({"parent.nhs_number": typed})).problems) == {("nhs_number_invalid", "parent.nhs_number")}


# --- the age limit: the day before and the day of the birthday -------------------------------
@pytest.mark.parametrize(("profile", "born", "day_before", "birthday_day"), [
    ("kent", "2024-11-24", "2026-11-23", "2026-11-24"),
    ("kent", "2024-02-29", "2026-02-28", "2026-03-01"),          # no 29 February in 2026
    ("kent", "2022-02-28", "2024-02-27", "2024-02-28"),
    ("norfolk_waveney", "2022-11-24", "2026-11-23", "2026-11-24"),
    ("norfolk_waveney", "2024-02-29", "2028-02-28", "2028-02-29"),  # a leap year: the real birthday
])
def test_a_baby_is_eligible_the_day_before_the_birthday_limit_and_too_old_on_the_day(profile, born, day_before, birthday_day):
    area = {"kent": "Thanet", "norfolk_waveney": "Norwich"}[profile]
    body = complete({"infant.date_of_birth": born, "parent.district": area})
    assert run({**body, "as_of": day_before}, profile).ready
    late = run({**body, "as_of": birthday_day}, profile)
    assert codes(late.problems) == {("infant_too_old", "infant.date_of_birth")}
    assert load_profile(profile).contacts.universal_offer in late.problems[0].message


def test_the_29_february_birthday_falls_on_1_march_in_common_years():
    assert birthday(date(2024, 2, 29), 2) == date(2026, 3, 1)
    assert birthday(date(2024, 2, 29), 4) == date(2028, 2, 29)
    assert birthday(date(9998, 1, 1), 4) == date.max


def test_an_antenatal_referral_needs_no_baby_nhs_number_even_on_the_due_date():
    body = complete({"infant.date_of_birth": None, "infant.nhs_number": None, "infant.expected_due_date": "2026-11-23"})
    result = run(body)
    assert result.ready and codes(result.warnings) == {("antenatal", "infant.expected_due_date")}
    assert next(i for i in result.items if i.key == "infant_nhs_number").status == "ok"


def test_an_antenatal_referral_still_checks_a_baby_number_if_one_is_given():
    body = complete({"infant.date_of_birth": None, "infant.nhs_number": FAILS_MODULUS_11, "infant.expected_due_date": "2027-01-10"})
    assert codes(run(body).problems) == {("nhs_number_invalid", "infant.nhs_number")}


def test_a_due_date_is_plausible_up_to_42_weeks_ahead():
    body = complete({"infant.date_of_birth": None, "infant.nhs_number": None})
    assert codes(run(changed_due(body, "2027-09-13")).warnings) == {("antenatal", "infant.expected_due_date")}
    assert codes(run(changed_due(body, "2027-09-14")).warnings) == {("expected_due_date_unlikely", "infant.expected_due_date")}


def changed_due(body: dict, due: str) -> dict:
    return {**body, "infant": {**body["infant"], "expected_due_date": due}}


def test_a_due_date_more_than_the_age_limit_ago_is_too_old():
    body = complete({"infant.date_of_birth": None, "infant.nhs_number": None, "infant.expected_due_date": "2024-11-20"})
    assert ("infant_too_old", "infant.date_of_birth") in codes(run(body).problems)


@pytest.mark.parametrize(("text", "ok"), [
    (" ".join(["word"] * 15), True),
    (" ".join(["word"] * 14), False),
    (" ".join(["word"] * 14) + " - — ... !!", False),   # punctuation is not a word
    ("\n".join(["word"] * 15), True),
])
def test_the_description_needs_the_profiles_number_of_words(text, ok):
    assert run(complete({"description": text})).ready is ok


@pytest.mark.parametrize(("field", "top"), [
    ("screening.mors_sf.warmth", 35), ("screening.mors_sf.invasion", 35), ("screening.phq9.total", 27),
    ("screening.phq9.item9", 3), ("screening.gad7.total", 21),
])
def test_scores_are_accepted_from_zero_to_the_top_of_their_range(field, top):
    base = {"screening.phq9.total": 27} if field == "screening.phq9.item9" else {}
    assert not run(complete({**base, field: 0})).problems
    assert not run(complete({**base, field: top})).problems
    for outside in (-1, top + 1):
        assert codes(run(complete({**base, field: outside})).problems) == {("score_out_of_range", field)}


def test_the_checklist_shows_every_item_with_passed_ones_too():
    result = run(complete({"parent.district": "Medway", "parent.interpreter_required": True}))
    statuses = {item.key: item.status for item in result.items}
    assert statuses["district"] == "problem" and statuses["interpreter"] == "warning"
    assert statuses["consent"] == "ok" and len(statuses) == 12
    assert all(item.outcome.note for item in result.items if item.status == "ok")


def test_messages_never_repeat_what_was_typed():
    body = complete({"parent.district": "Secretville", "parent.nhs_number": "999 000 0019", "concerns": ["private_note"],
                     "referrer.source": "Zebra Services"})
    result = run(body)
    text = " ".join(f.message for f in (*result.problems, *result.warnings)) + result.guidance
    for typed in ("Secretville", "0019", "private_note", "Zebra"):
        assert typed not in text
