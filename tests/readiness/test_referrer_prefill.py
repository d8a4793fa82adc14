"""A signed-in practitioner does not retype their own details on the referral check."""
from __future__ import annotations

from tests.readiness.test_drafts import slack_draft_token
from tests.referrals.test_pages import _sign_in


def _value(html: str, name: str) -> str | None:
    marker = f'name="{name}" type="text" value="'
    if marker not in html:
        return None
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def test_the_signed_in_practitioners_own_details_fill_the_referrer_boxes(client, practitioner):
    signed_out = client.get("/referrals/check").text
    assert _value(signed_out, "referrer.name") == ""
    _sign_in(client, practitioner)
    page = client.get("/referrals/check").text
    assert _value(page, "referrer.name") == "Jo Pellow"
    assert _value(page, "referrer.role") == "Health visitor"
    assert _value(page, "referrer.organisation") == "Community health trust"
    assert 'value="health_visiting" selected' in page


def test_answers_carried_from_slack_win_over_the_account(client, practitioner):
    _sign_in(client, practitioner)
    page = client.get(f"/referrals/check?draft={slack_draft_token()}").text
    assert _value(page, "referrer.name") == "Jo Pellow"  # Slack never carries the referrer's name
    assert "We've carried over" in page or "carried over" in page
