"""/pimh check → "Send this referral": a clean check links to the secure web form with the answers
sealed in the link; the family's identifiers are never asked for, shown or carried in Slack."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from consult.privacy.redact import contains_identifier
from consult.readiness.drafts import open_draft
from tests.bot.conftest import JO

DESCRIPTION = "Mum says she feels detached from her baby and struggles to respond when he cries at night."
CLEAN = {
    "source": ("select", "midwifery"), "consent": ["informed", "linkage"], "nhs": ["parent", "baby"],
    "district": ("select", "Thanet"), "concerns": ["not_bonding"], "infant_dob": ("date", "2026-05-01"),
    "description": DESCRIPTION, "phq9_total": "9", "phq9_item9": "0",
}


def _send_buttons(view: dict) -> list[dict]:
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"] if e.get("url")]


def test_a_clean_check_offers_a_send_link_carrying_the_answers_sealed(slack, fake_slack, linked):
    response = slack.submit("pimh_check", CLEAN)
    assert response.status_code == 200
    result = response.json()
    assert result["response_action"] == "update"
    view = result["view"]
    [button] = _send_buttons(view)
    assert button["text"]["text"] == "Send this referral" and button["style"] == "primary"
    assert button["action_id"] == "pimh_check_send"
    url = urlsplit(button["url"])
    assert (url.scheme, url.netloc, url.path) == ("http", "127.0.0.1:8000", "/referrals/check")
    [token] = parse_qs(url.query)["draft"]
    draft = open_draft(token)  # the answers the practitioner typed, and only those
    assert draft.values["infant.date_of_birth"] == "2026-05-01" and draft.values["description"] == DESCRIPTION
    assert draft.values["referrer.source"] == "midwifery" and draft.concerns == ["not_bonding"]

    # Nothing identifiable in what goes back to Slack: not the date typed, not in the link either.
    payload = json.dumps(view)
    assert "2026-05-01" not in payload and "feels detached" not in payload
    readable = payload.replace(button["url"], "")
    assert not contains_identifier(readable)
    assert "names, NHS numbers, dates of birth and postcode there, never in Slack" in readable
    # The checklist replaces the modal in the ack: no message is posted anywhere.
    assert not fake_slack.of("chat.postMessage") and not fake_slack.of("chat.postEphemeral")


def test_clicking_the_link_button_is_acknowledged_and_does_nothing_else(slack, fake_slack, linked):
    clicked = slack.action("pimh_check_send", "", user=JO)
    assert clicked.status_code == 200
    assert not [c for c in fake_slack.calls if c.method.startswith(("chat.", "views."))]


def test_a_check_with_problems_has_no_send_link(slack, linked):
    view = slack.submit("pimh_check", {**CLEAN, "district": ("select", "Medway")}).json()["view"]
    assert not _send_buttons(view) and "draft=" not in json.dumps(view)
    assert "thing(s) to sort out" in json.dumps(view)


def test_without_the_nhs_numbers_to_hand_there_is_no_send_link(slack, linked):
    view = slack.submit("pimh_check", {**CLEAN, "nhs": ["parent"]}).json()["view"]
    assert not _send_buttons(view) and "1 thing(s) to sort out" in json.dumps(view)


def test_a_description_too_long_for_the_link_is_shown_back_to_copy_rather_than_lost(slack, linked):
    import random
    import string

    rng = random.Random(3)  # text that does not compress: the link would pass Slack's 3,000 characters
    long_text = "".join(rng.choice(string.ascii_letters + " ") for _ in range(2990))
    view = slack.submit("pimh_check", {**CLEAN, "description": long_text}).json()["view"]
    [button] = _send_buttons(view)
    assert len(button["url"]) <= 3000
    assert "description" not in open_draft(parse_qs(urlsplit(button["url"]).query)["draft"][0]).values
    shown = "".join(b["text"]["text"] for b in view["blocks"] if b["type"] == "section")
    assert "too long to carry in the link" in shown and long_text in shown
