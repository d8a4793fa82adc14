"""The Slack check's draft link: the answers sealed (encrypted, 2 hours) in the web form's address,
stored nowhere; expired and altered links are told apart from good ones."""
from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from consult.privacy.crypto import encrypt
from consult.readiness.drafts import LIFETIME, SealExpired, SealInvalid, draft_link, open_draft
from consult.readiness.schemas import Referral
from tests.readiness.helpers import DESCRIPTION, complete

# What the Slack check can ask: no names, NHS numbers, parent's date of birth or postcode.
SLACK_ANSWERS = {
    "referrer": {"source": "midwifery"},
    "consent": {"informed_consent_to_referral": True, "data_linkage_consent": False},
    "parent": {"district": "Thanet", "interpreter_required": True},
    "infant": {"date_of_birth": "2026-05-01"},
    "concerns": ["not_bonding", "trauma"],
    "description": DESCRIPTION,
    "safeguarding": {"concerns": False, "procedures_followed": False, "child_protection_investigation": False},
    "screening": {"phq9": {"total": 12, "item9": 0}, "gad7": {"total": 6},
                  "mors_sf": {"warmth": 20, "invasion": 12}},
}


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["draft"][0]


def slack_draft_token(answers: dict | None = None) -> str:
    return token_of(draft_link(Referral.model_validate(answers or SLACK_ANSWERS)).url)


def test_the_link_opens_the_check_page_and_round_trips_every_slack_answer(clock):
    link = draft_link(Referral.model_validate(SLACK_ANSWERS))
    assert link.url.startswith("http://127.0.0.1:8000/referrals/check?draft=") and link.left_out == ()
    draft = open_draft(token_of(link.url))
    assert draft.concerns == ["not_bonding", "trauma"]
    assert draft.values == {
        "referrer.source": "midwifery", "consent.informed_consent_to_referral": "yes",
        "parent.district": "Thanet", "parent.interpreter_required": "yes", "infant.date_of_birth": "2026-05-01",
        "description": DESCRIPTION, "safeguarding.concerns": "no", "safeguarding.child_protection_investigation": "no",
        "screening.phq9.total": "12", "screening.phq9.item9": "0", "screening.gad7.total": "6",
        "screening.mors_sf.warmth": "20", "screening.mors_sf.invasion": "12",
    }  # no concerns, so "procedures followed" is left unasked rather than "no"


def test_the_answers_are_hidden_in_the_link_not_just_signed(clock):
    url = draft_link(Referral.model_validate(SLACK_ANSWERS)).url
    for plain in ("2026-05-01", "Thanet", "midwifery", "feels nothing", "not_bonding"):
        assert plain not in url


def test_identifiers_never_travel_in_a_link_even_when_given(clock):
    full = Referral.model_validate({k: v for k, v in complete().items() if k != "as_of"})
    draft = open_draft(slack_draft_token(full.model_dump(mode="json")))
    assert not {"parent.nhs_number", "infant.nhs_number", "parent.date_of_birth", "parent.postcode",
                "referrer.name", "referrer.email", "referrer.phone"} & set(draft.values)
    assert draft.values["parent.district"] == "Thanet"


def test_the_link_expires_after_two_hours_on_the_service_clock(clock):
    token = slack_draft_token()
    clock.advance(LIFETIME - timedelta(seconds=1))
    assert open_draft(token).values["parent.district"] == "Thanet"
    clock.advance(timedelta(seconds=2))
    with pytest.raises(SealExpired):
        open_draft(token)


@pytest.mark.parametrize("change", [
    lambda t: t[:-6] + ("AAAAAA" if not t.endswith("AAAAAA") else "BBBBBB"),
    lambda t: t[:40],
    lambda t: "not a token at all",
    lambda t: t + "é",
])
def test_an_altered_or_cut_link_is_refused_as_invalid_not_expired(clock, change):
    with pytest.raises(SealInvalid) as caught:
        open_draft(change(slack_draft_token()))
    assert not isinstance(caught.value, SealExpired)


def test_a_value_encrypted_for_the_database_does_not_open_as_a_draft(clock):
    # Each purpose has its own key: a stored field's ciphertext is no draft link.
    with pytest.raises(SealInvalid):
        open_draft(encrypt('{"v": {}, "c": []}'))


def test_a_description_too_long_for_a_slack_button_is_left_out_and_named(clock):
    import random
    import string

    rng = random.Random(7)  # incompressible text: the worst case for the link's length
    long_text = "".join(rng.choice(string.ascii_letters + " ") for _ in range(3000))
    link = draft_link(Referral.model_validate({**SLACK_ANSWERS, "description": long_text}))
    assert link.left_out == ("description",) and len(link.url) <= 3000
    assert "description" not in open_draft(token_of(link.url)).values
