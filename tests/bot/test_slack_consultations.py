from __future__ import annotations

import json

from sqlalchemy import func, select

from tests.bot.conftest import JO, NEWCOMER, PRIYA, TRIAGE
from tests.bot.helpers import consult_values, request_consultation


def _count(model) -> int:
    from consult.db import session_scope

    with session_scope() as db:
        return db.scalar(select(func.count()).select_from(model))


def test_consult_opens_the_request_modal_for_a_known_practitioner(slack, fake_slack, linked):
    assert slack.command("consult").status_code == 200
    opened = fake_slack.wait_for("views.open")[0]
    assert opened.args["view"]["callback_id"] == "pimh_consult"
    district = next(b for b in opened.args["view"]["blocks"] if b.get("block_id") == "district")
    assert district["element"]["initial_option"]["value"] == "Thanet"


def test_a_newcomer_is_matched_from_slack_and_asked_for_their_details_once(slack, fake_slack, db):
    from consult.auth.models import User

    slack.command("consult", user=NEWCOMER)
    opened = fake_slack.wait_for("views.open")[0]
    assert opened.args["view"]["callback_id"] == "pimh_about_you"
    assert fake_slack.of("users.info")[0].args["user"] == NEWCOMER

    answer = slack.submit("pimh_about_you", {"job_role": "Family Hub practitioner", "organisation": "Margate Family Hub",
                                            "organisation_type": ("select", "family_hub"), "district": ("select", "Thanet")},
                          user=NEWCOMER, metadata={"then": "consult", "carry": {"question": "what next"}})
    # The details modal turns straight into the consultation form.
    assert answer.json()["response_action"] == "update"
    assert answer.json()["view"]["callback_id"] == "pimh_consult"
    user = db.scalars(select(User).where(User.slack_user_id == NEWCOMER)).one()
    assert (user.name, user.email, user.district, user.role.value) == ("Alex Newcombe", "alex.newcombe@nhs.net", "Thanet", "practitioner")

    fake_slack.reset()
    slack.command("consult", user=NEWCOMER)
    assert fake_slack.wait_for("views.open")[0].args["view"]["callback_id"] == "pimh_consult"
    assert fake_slack.of("users.info") == []  # known now: Slack is not asked again


def test_submitting_the_modal_creates_the_request_acknowledges_by_dm_and_posts_to_triage(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    assert c.channel == "slack" and c.district == "Thanet" and c.infant_age_months == 4
    assert sorted(c.concern_codes) == ["negative_thoughts", "not_bonding"]
    dm = fake_slack.of("chat.postMessage", lambda call: call.args["channel"] == JO)[0]
    assert c.reference in dm.text() and "Wednesday 25 November at 10:00" in dm.text()
    card = fake_slack.of("chat.postMessage", lambda call: call.args["channel"] == TRIAGE)[0]
    buttons = [e["action_id"] for b in card.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "pimh_claim" in buttons and "pimh_respond" in buttons
    assert "Jo Pellow" in card.text() and "jo.pellow@nhs.net" not in card.text()


def test_a_second_submission_of_the_same_form_creates_nothing_more(slack, fake_slack, linked):
    from consult.consultations.models import Consultation

    request_consultation(slack, fake_slack, view_id="V-SAME")
    again = slack.submit("pimh_consult", consult_values(), user=JO, view_id="V-SAME")
    assert again.status_code == 200
    assert _count(Consultation) == 1
    assert len(fake_slack.of("chat.postMessage", lambda call: call.args["channel"] == TRIAGE)) == 1


def test_an_nhs_number_in_the_summary_is_refused_next_to_the_field_and_nothing_is_stored(slack, fake_slack, linked):
    from consult.consultations.models import Consultation

    response = slack.submit("pimh_consult", consult_values(summary="Baby 943 476 5919 is not feeding and mum is very low in mood"))
    body = response.json()
    assert body["response_action"] == "errors" and "NHS number" in body["errors"]["summary"]
    assert "943 476 5919" not in response.text
    assert _count(Consultation) == 0


def test_consent_must_be_confirmed(slack, linked):
    body = slack.submit("pimh_consult", consult_values(consent=[])).json()
    assert body["response_action"] == "errors" and "consent" in body["errors"]


def test_a_clinician_claims_from_the_card_and_the_card_and_practitioner_are_told(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    slack.action("pimh_claim", c.reference, user=PRIYA)
    update = fake_slack.wait_for("chat.update")[0]
    assert "Claimed by Priya Castell" in update.text()
    assert not any(e["action_id"] == "pimh_claim" for b in update.args["blocks"] if b["type"] == "actions" for e in b["elements"])
    fake_slack.wait_for("chat.postMessage", where=lambda call: "picked up" in call.text())


def test_a_practitioner_cannot_claim(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    slack.action("pimh_claim", c.reference, user=JO)
    said = fake_slack.wait_for(f"response/act-{JO}")[0]
    assert "only clinicians" in said.text().lower()
    assert fake_slack.of("chat.update") == []


def test_respond_opens_the_advice_modal_and_advice_reaches_the_practitioner_with_a_feedback_prompt(slack, fake_slack, linked, db):
    from consult.consultations.models import Consultation

    c = request_consultation(slack, fake_slack)
    slack.action("pimh_respond", c.reference, user=PRIYA)
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "pimh_advice" and json.loads(modal["private_metadata"])["reference"] == c.reference

    advice = "Offer a warm, curious conversation about how feeding feels, and consider a referral for relationship work."
    response = slack.submit("pimh_advice", {"advice": advice, "recommendation": ("select", "pir_referral_advised"),
                                            "thrive": ("select", "getting_help")}, user=PRIYA,
                            metadata={"reference": c.reference})
    assert response.status_code == 200 and response.text == ""
    assert "Advised by Priya Castell" in fake_slack.wait_for("chat.update")[0].text()
    dm = fake_slack.wait_for("chat.postMessage", where=lambda call: call.args["channel"] == JO and advice in call.text())[0]
    assert any(e.get("action_id") == "pimh_feedback_open" for b in dm.args["blocks"] if b["type"] == "actions" for e in b["elements"])
    db.expire_all()
    assert db.scalars(select(Consultation)).one().status == "advised"

    slack.action("pimh_feedback_open", c.reference, user=JO)
    assert fake_slack.wait_for("views.open", 2)[1].args["view"]["callback_id"] == "pimh_feedback"
    thanks = slack.submit("pimh_feedback", {"helpfulness": ("select", "5"), "confidence_before": ("select", "2"),
                                            "confidence_after": ("select", "4")}, user=JO, metadata={"reference": c.reference})
    assert thanks.json()["response_action"] == "update"
    db.expire_all()
    assert db.scalars(select(Consultation)).one().feedback.confidence_change == 2


def test_advice_that_is_too_short_is_refused_next_to_the_field(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    body = slack.submit("pimh_advice", {"advice": "ok", "recommendation": ("select", "other_service"),
                                        "thrive": ("select", "getting_advice")}, user=PRIYA,
                        metadata={"reference": c.reference}).json()
    assert body["response_action"] == "errors" and "advice" in body["errors"]


def test_thread_replies_are_relayed_both_ways_once_even_when_slack_retries(slack, fake_slack, linked, db):
    from bot.models import SlackMessage

    request_consultation(slack, fake_slack)
    card = db.scalars(select(SlackMessage).where(SlackMessage.kind == "triage")).one()
    dm = db.scalars(select(SlackMessage).where(SlackMessage.kind == "practitioner")).one()
    reply = {"type": "message", "channel": TRIAGE, "channel_type": "channel", "user": PRIYA,
             "text": "Could you tell me how feeding is going?", "ts": "1700000200.000001", "thread_ts": card.ts}
    assert slack.event(reply, event_id="Ev-relay").status_code == 200
    assert slack.event(reply, event_id="Ev-relay", retry=1).status_code == 200
    relayed = fake_slack.wait_for("chat.postMessage", where=lambda call: call.args.get("thread_ts") == dm.ts
                                  and "how feeding" in call.text())
    assert "Priya Castell" in relayed[0].text()

    back = {"type": "message", "channel": dm.channel, "channel_type": "im", "user": JO,
            "text": "Feeding is fine, it is the cuddles she finds hard.", "ts": "1700000300.000001", "thread_ts": dm.ts}
    slack.event(back, event_id="Ev-back")
    fake_slack.wait_for("chat.postMessage", where=lambda call: call.args.get("thread_ts") == card.ts and "cuddles" in call.text())
    import time

    time.sleep(0.3)  # give a wrongly repeated relay the chance to show itself
    assert len(fake_slack.of("chat.postMessage", lambda call: "how feeding" in call.text())) == 1


def test_a_phone_call_back_needs_a_number_and_the_card_shows_the_window_but_not_the_number(slack, fake_slack, linked, db):
    from consult.consultations.models import Consultation

    missing = slack.submit("pimh_consult", consult_values(preferred_contact=("select", "phone"))).json()
    assert missing["response_action"] == "errors" and "callback_phone" in missing["errors"]
    assert _count(Consultation) == 0

    sent = slack.submit("pimh_consult", consult_values(preferred_contact=("select", "phone"), callback_phone="01632 960123",
                                                       callback_window="weekday afternoons"), view_id="V-PHONE")
    assert sent.status_code == 200
    card = fake_slack.wait_for("chat.postMessage", where=lambda call: call.args["channel"] == TRIAGE)[0]
    assert "weekday afternoons" in card.text() and "960123" not in json.dumps(card.args)
    db.expire_all()
    c = db.scalars(select(Consultation)).one()
    assert (c.preferred_contact, c.callback_phone, c.callback_window) == ("phone", "01632 960123", "weekday afternoons")
