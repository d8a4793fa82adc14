"""Slack shows the same identifier sentence as the web and the API (issue 21)."""
from __future__ import annotations

from tests.consultations.test_identifier_message import SENTENCE, TWO


def test_slack_shows_the_same_sentence_beside_the_summary(slack, fake_slack, linked):
    from tests.bot.helpers import consult_values

    body = slack.submit("pimh_consult", consult_values(summary=TWO)).json()
    assert body["response_action"] == "errors" and body["errors"]["summary"] == SENTENCE
