"""The Slack modal builds the same ConsultationRequest as every other channel, so the domain's
rules answer beside the modal's blocks in the domain's words."""
from __future__ import annotations

from consult.consultations.commands import CONSENT_NEEDED, SUMMARY_MIN
from tests.bot.helpers import consult_values
from tests.consultations.test_commands import TOO_SHORT


def test_the_modal_says_the_summary_rule_beside_the_summary(slack, linked):
    body = slack.submit("pimh_consult", consult_values(summary=TOO_SHORT)).json()
    assert body["response_action"] == "errors"
    assert f"at least {SUMMARY_MIN} characters" in body["errors"]["summary"]


def test_the_consent_box_is_checked_by_the_one_rule_not_by_the_modal(slack, linked):
    body = slack.submit("pimh_consult", consult_values(consent=[])).json()
    assert body["response_action"] == "errors" and body["errors"] == {"consent": CONSENT_NEEDED}
