"""Property tests: whatever JSON arrives, the readiness endpoint answers 200 or 422 and never
500; for well-typed drafts the answer keeps its promises; the rules never crash on any date."""
from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consult.profiles import load_profile
from consult.readiness.rules import check_items
from consult.readiness.schemas import Referral

URL = "/api/referrals/readiness"
# The client fixture is reused across examples on purpose: the endpoint keeps no state.
THROUGH_THE_APP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PROBLEM_CODES = {
    "consent_missing", "self_referral", "referrer_source_not_accepted", "nhs_number_missing", "nhs_number_invalid",
    "outside_area", "infant_age_unknown", "infant_too_old", "infant_date_of_birth_in_future", "no_relationship_concern",
    "description_insufficient", "child_protection_investigation", "safeguarding_not_actioned", "score_out_of_range",
}
WARNING_CODES = {
    "data_linkage_consent_missing", "self_harm_risk", "safeguarding_concern", "interpreter_required", "antenatal",
    "expected_due_date_passed", "expected_due_date_unlikely", "concern_code_unknown", "score_inconsistent",
}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=30)
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12)  # noqa: E501


def section(**fields):
    return st.fixed_dictionaries({}, optional=fields) | json_values


# Right keys, anything (often the wrong type) as values: the shape most likely to find a crash.
anything_at_the_right_keys = st.fixed_dictionaries({}, optional={
    "as_of": json_values | st.dates().map(str),
    "referrer": section(source=json_values | st.sampled_from(["self", "health_visiting", "perinatal_mental_health", ""])),
    "consent": section(informed_consent_to_referral=json_values, data_linkage_consent=json_values),
    "parent": section(nhs_number=json_values, district=json_values, date_of_birth=json_values, interpreter_required=json_values),
    "infant": section(nhs_number=json_values, date_of_birth=json_values | st.dates().map(str),
                      expected_due_date=json_values | st.dates().map(str)),
    "concerns": json_values,
    "description": json_values,
    "safeguarding": section(concerns=json_values, procedures_followed=json_values, child_protection_investigation=json_values),
    "screening": section(phq9=section(total=json_values, item9=json_values), gad7=section(total=json_values),
                         mors_sf=section(warmth=json_values, invasion=json_values)),
})

maybe = lambda strategy: st.none() | strategy  # noqa: E731
digits = st.text(alphabet="0123456789 -", max_size=14)
well_typed = st.fixed_dictionaries({
    "as_of": maybe(st.dates().map(str)),
    "referrer": st.fixed_dictionaries({"source": maybe(st.sampled_from(["self", "family", "health_visiting", "midwifery",
                                                                        "perinatal_mental_health", "Early Help", "x"]))}),
    "consent": st.fixed_dictionaries({"informed_consent_to_referral": maybe(st.booleans()), "data_linkage_consent": maybe(st.booleans())}),
    "parent": st.fixed_dictionaries({"nhs_number": maybe(digits | st.just("999 000 0018")),
                                     "district": maybe(st.sampled_from(["Thanet", "medway", "Folkestone & Hythe", "", "Norwich"]) | st.text(max_size=20)),  # noqa: E501
                                     "interpreter_required": maybe(st.booleans())}),
    "infant": st.fixed_dictionaries({"nhs_number": maybe(digits), "date_of_birth": maybe(st.dates().map(str)),
                                     "expected_due_date": maybe(st.dates().map(str))}),
    "concerns": maybe(st.lists(st.sampled_from(["not_bonding", "trauma", "nonsense", ""]), max_size=4)),
    "description": maybe(st.text(max_size=200)),
    "safeguarding": st.fixed_dictionaries({"concerns": maybe(st.booleans()), "procedures_followed": maybe(st.booleans()),
                                           "child_protection_investigation": maybe(st.booleans())}),
    "screening": st.fixed_dictionaries({"phq9": st.fixed_dictionaries({"total": maybe(st.integers(-5, 40)), "item9": maybe(st.integers(-2, 6))}),  # noqa: E501
                                        "gad7": st.fixed_dictionaries({"total": maybe(st.integers(-5, 30))}),
                                        "mors_sf": st.fixed_dictionaries({"warmth": maybe(st.integers(-5, 40)), "invasion": maybe(st.integers())})}),  # noqa: E501
})


@THROUGH_THE_APP
@given(body=json_values)
def test_any_json_at_all_gets_200_or_422(client, body):
    assert client.post(URL, json=body).status_code in (200, 422)


@THROUGH_THE_APP
@given(body=anything_at_the_right_keys)
def test_any_values_at_the_right_keys_get_200_or_422(client, body):
    response = client.post(URL, json=body)
    assert response.status_code in (200, 422)
    assert "detail" in response.json() if response.status_code == 422 else "ready" in response.json()


@THROUGH_THE_APP
@given(body=well_typed)
def test_a_well_typed_draft_always_gets_an_answer_that_keeps_its_promises(client, body):
    response = client.post(URL, json=body)
    assert response.status_code == 200
    answer = response.json()
    assert answer["ready"] is (answer["problems"] == [])
    assert {f["code"] for f in answer["problems"]} <= PROBLEM_CODES
    assert {f["code"] for f in answer["warnings"]} <= WARNING_CODES
    assert answer["guidance"].endswith("made at triage.")


@settings(max_examples=300, deadline=None)
@given(dob=maybe(st.dates()), due=maybe(st.dates()), as_of=st.dates(), profile=st.sampled_from(["kent", "norfolk_waveney"]))
def test_the_rules_never_crash_on_any_dates_in_the_calendar(dob, due, as_of, profile):
    referral = Referral.model_validate({"infant": {"date_of_birth": dob, "expected_due_date": due}})
    items = check_items(referral, profile=load_profile(profile), as_of=as_of)
    age = next(i for i in items if i.key == "infant_age")
    if dob is not None and dob <= as_of and dob.year < 9998 and as_of < date(dob.year + 2, 1, 1):
        assert age.status == "ok"  # under two by calendar year is under either profile's limit
