from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from tests.bot.conftest import JO, PRIYA, TRIAGE

NHS_NUMBER = "943 476 5919"


def _dm_replies(fake):
    return fake.of("chat.postMessage", lambda c: c.args["channel"] == f"D{JO}")


def _buttons(call):
    return [e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_a_direct_message_is_answered_from_the_faq_with_did_this_help_buttons(slack, fake_slack, linked):
    assert slack.dm("how long until a referral is acknowledged").status_code == 200
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "acknowledged" in reply.text()
    assert [b["action_id"] for b in _buttons(reply)] == ["pimh_faq_helpful", "pimh_faq_not_helpful"]


def test_a_question_the_faq_cannot_answer_offers_a_consultation_with_the_question_carried(slack, fake_slack, linked):
    slack.dm("what is the capital of france")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "not confident" in reply.text()
    ask = [b for b in _buttons(reply) if b["action_id"] == "pimh_consult_from_question"][0]
    assert ask["value"] == "what is the capital of france"

    slack.post(_click(fake_slack, ask))
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    summary = next(b for b in modal["blocks"] if b.get("block_id") == "summary")
    assert summary["element"]["initial_value"] == "what is the capital of france"


def test_not_helpful_is_recorded_and_offers_a_clinician(slack, fake_slack, linked, db):
    from faq.models import FaqFeedback

    slack.dm("do you see dads")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    not_helpful = _buttons(reply)[1]
    slack.post(_click(fake_slack, not_helpful))
    offer = fake_slack.wait_for("response/faq")[0]
    assert "Request a consultation" in offer.text()
    db.expire_all()
    feedback = db.scalars(select(FaqFeedback)).one()
    assert (feedback.entry_id, feedback.helpful, feedback.channel) == ("dads-partners", False, "slack")


def test_slack_retrying_an_event_never_answers_twice(slack, fake_slack, linked):
    slack.dm("do you see dads", event_id="Ev-retried")
    slack.dm("do you see dads", event_id="Ev-retried", retry=1)
    slack.dm("do you see dads", event_id="Ev-retried", retry=2)
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")
    import time

    time.sleep(0.5)  # long enough for a wrongly repeated answer to arrive
    assert len(_dm_replies(fake_slack)) == 1


def test_immediate_risk_gets_emergency_numbers_at_once_and_flags_the_duty_clinician(slack, fake_slack, linked, db):
    from consult.auth.models import User
    from consult.consultations.rota import set_duty

    set_duty(db=db, day=datetime(2026, 11, 23).date(), clinicians=[db.get(User, linked[1].id)])
    db.commit()
    slack.dm("mum told me today she wants to end her life and I don't know what to do")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "call 999" in reply.text() and "safeguarding" in reply.text()
    assert not any(b["type"] == "actions" for b in reply.args["blocks"])  # no FAQ answer, no buttons
    alert = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == TRIAGE)[0]
    assert "immediate risk" in alert.text() and f"<@{JO}>" in alert.text()
    assert "end her life" not in alert.text()
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == PRIYA and "immediate risk" in c.text())


def test_out_of_hours_the_bot_says_when_the_team_is_next_open(slack, fake_slack, linked, clock):
    from consult.clock import LONDON

    clock.set(datetime(2026, 11, 27, 19, 30, tzinfo=LONDON))  # Friday evening
    slack.dm("mum says she feels like harming herself tonight")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "opens again on Monday 30 November at 09:00" in reply.text()


def test_an_nhs_number_is_not_echoed_is_redacted_when_stored_and_the_user_is_warned(slack, fake_slack, linked, db):
    from faq.models import FaqQuestion

    slack.dm(f"what is the capital of france, asks the dad of {NHS_NUMBER}")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}")[0]
    assert "don't post NHS numbers" in reply.text()
    assert all(NHS_NUMBER not in json.dumps(c.args) for c in fake_slack.calls)
    db.expire_all()
    stored = db.scalars(select(FaqQuestion)).all()
    assert stored and all("5919" not in (q.text_redacted or "") for q in stored)


def test_a_date_of_birth_in_a_mention_is_not_echoed(slack, fake_slack, linked):
    event = {"type": "app_mention", "channel": "C-GENERAL", "user": JO, "ts": "1700000400.000001",
             "text": "<@UBOTPIMH> baby born 03/04/2026 is not settling, who can help?"}
    slack.event(event, event_id="Ev-mention")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C-GENERAL")[0]
    assert reply.args["thread_ts"] == "1700000400.000001"
    assert "03/04/2026" not in json.dumps(reply.args) and "dates of birth" in reply.text()


def test_ask_answers_the_slash_command_privately(slack, fake_slack, linked):
    slack.command("ask can a parent refer themselves")
    said = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    assert said.args["response_type"] == "ephemeral" and "refer themselves" in said.text().lower()


def _click(fake, element) -> str:
    from bot.testing import action_payload, interaction_body

    return interaction_body(action_payload(element["action_id"], element["value"], user_id=JO,
                                           response_url=fake.response_url("faq")))
