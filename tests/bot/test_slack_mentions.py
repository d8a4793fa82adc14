"""@-mentions in a channel, sent as signed `app_mention` events: answered from the FAQ in the
message's thread, or declined politely with a consultation offered."""
from __future__ import annotations

import json

from bot.testing import BOT_USER_ID
from tests.bot.conftest import JO

CHANNEL = "C-HEALTH-VISITING"
MENTION_TS = "1700000600.000001"


def _mention(slack, text: str, *, event_id: str, **extra):
    event = {"type": "app_mention", "channel": CHANNEL, "user": JO, "ts": MENTION_TS,
             "text": f"<@{BOT_USER_ID}> {text}", **extra}
    assert slack.event(event, event_id=event_id).status_code == 200


def _channel_reply(fake):
    return fake.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == CHANNEL)[0]


def _buttons(call):
    return [e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _acknowledge_days() -> int:
    from consult.profiles import active_profile

    return active_profile().time_limits.acknowledge_working_days


def test_a_mention_asking_about_response_times_gets_the_answer_in_its_thread(slack, fake_slack, linked):
    _mention(slack, "when will I hear back after I send a consultation request?", event_id="Ev-mention-times")

    reply = _channel_reply(fake_slack)
    assert reply.args["thread_ts"] == MENTION_TS  # in the thread, not loose in the channel
    assert f"{_acknowledge_days()} working days" in reply.text()
    helpful = _buttons(reply)[0]
    assert helpful["action_id"] == "pimh_faq_helpful"
    assert json.loads(helpful["value"])["entry_id"] == "response-times"
    assert f"<@{BOT_USER_ID}>" not in reply.text()  # the mention itself is not part of the question


def test_a_mention_inside_a_thread_is_answered_in_that_thread(slack, fake_slack, linked):
    _mention(slack, "when will I hear back after I send a consultation request?", event_id="Ev-mention-thread",
             thread_ts="1700000500.000009")
    assert _channel_reply(fake_slack).args["thread_ts"] == "1700000500.000009"


def test_an_off_topic_mention_is_declined_politely_with_a_consultation_offered(slack, fake_slack, linked):
    _mention(slack, "which pizza place near the office delivers fastest?", event_id="Ev-mention-pizza")

    reply = _channel_reply(fake_slack)
    assert reply.args["thread_ts"] == MENTION_TS
    assert "not confident" in reply.text() and "rather not guess" in reply.text()
    assert "working days" not in reply.text()  # no FAQ answer passed off as one
    offer = [b for b in _buttons(reply) if b["action_id"] == "pimh_consult_from_question"]
    assert [b["value"] for b in offer] == ["which pizza place near the office delivers fastest?"]
    assert not any(b["action_id"] == "pimh_faq_helpful" for b in _buttons(reply))
