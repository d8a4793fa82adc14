"""Issue 22, fourth pass: in Slack, a question in the FAQ's "did you mean" band names the closest
entry with a button to open it, and still offers a consultation with the question carried."""
from __future__ import annotations

from tests.bot.conftest import JO

IN_BAND = "do you confirm receipt of referrals"  # a tuning-set question the FAQ is not sure of (0.5-0.7)


def _buttons(call):
    return [e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _sections(call):
    return " ".join(b["text"]["text"] for b in call.args["blocks"] if b["type"] == "section")


def test_a_question_in_the_band_names_the_closest_entry_and_still_offers_a_consultation(slack, fake_slack, linked):
    assert slack.dm(IN_BAND).status_code == 200
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "Did you mean: *How long until a referral or consultation request is acknowledged?*" in _sections(reply)
    buttons = _buttons(reply)
    assert buttons[0]["action_id"] == "pimh_faq_show" and buttons[0]["value"] == "response-times"
    ask = [b for b in buttons if b["action_id"] == "pimh_consult_from_question"]
    assert ask and ask[0]["value"] == IN_BAND
    assert "might be close" not in str(reply.args["blocks"])


def test_a_question_below_the_band_gets_no_offer(slack, fake_slack, linked):
    slack.dm("what is the capital of france")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "Did you mean" not in _sections(reply) and "not confident" in reply.text()
