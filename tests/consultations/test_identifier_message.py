"""A summary holding several identifiers is refused once, naming every kind in proper words, with
the same sentence on the web form, the JSON API, a booking and Slack (issue 21)."""
from __future__ import annotations

import re

from consult.consultations.privacy import identifying_problem
from tests.consultations.test_api import REQUEST

TWO = "Mum on 07700 900123 says baby 943 476 5919 is not feeding and she is very low in mood"
SENTENCE = "It contains an NHS number and a phone number: remove them so the family cannot be identified."


def test_every_kind_is_named_at_once_and_none_is_echoed():
    assert identifying_problem(TWO) == SENTENCE
    three = identifying_problem("Lives at CT9 1AA, born 02/03/2026, email mum@example.com, low mood since the birth")
    assert three == ("It contains an email address, a date (of birth?) and a postcode: remove them so the family "
                     "cannot be identified.")
    assert identifying_problem("Baby 943 476 5919 is not feeding well") == (
        "It contains an NHS number: remove it so the family cannot be identified.")
    assert len(three) <= 150  # a Slack modal shows at most 150 characters beside a field
    assert "07700" not in SENTENCE and "943" not in three


def test_the_api_refuses_with_the_whole_sentence(client, practitioner):
    response = client.post("/api/consultations", json={**REQUEST, "question": TWO}, headers=practitioner.headers)
    assert response.status_code == 422
    assert SENTENCE in response.json()["detail"][0]["msg"]


def test_the_web_form_shows_the_sentence_with_nhs_in_capitals(client, practitioner):
    from tests.consultations.test_pages import _sign_in

    token = _sign_in(client, practitioner)
    page = client.post("/consultations/new", data={"csrf_token": token, "question": TWO, "district": "Thanet",
                                                   "consent_confirmed": "yes", "urgency": "routine",
                                                   "preferred_contact": "chat"})
    assert page.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', page.text, re.S).group(0)
    assert SENTENCE in summary and "nhs number" not in page.text
