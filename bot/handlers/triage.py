"""Clinicians in the triage channel: Claim and Respond on a request's card, the advice modal
with the outcome fields, and the practitioner's feedback afterwards. Each calls one
consult.consultations.service function; the service's errors are shown to the person only."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy import select

from bot.errors import modal_errors, reply_text
from bot.models import SlackMessage
from bot.notifier import update_card
from bot.people import is_clinician, user_for_slack
from bot.views import metadata, modal, section, submitted
from bot.views.consultations import (
    ADVICE,
    CLAIM,
    FEEDBACK,
    GIVE_FEEDBACK,
    RESPOND,
    advice_modal,
    feedback_modal,
)
from consult.consultations.errors import ConsultationError
from consult.consultations.feedback import record_feedback
from consult.consultations.rules import DOMAINS
from consult.consultations.service import claim, get_consultation, record_advice
from consult.db import session_scope


def _ack(ack: Ack) -> None:
    ack()


def _claim(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    reference = body["actions"][0]["value"]
    with session_scope() as db:
        clinician = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        try:
            c = claim(db=db, consultation=get_consultation(db=db, reference=reference), clinician=clinician)
        except ConsultationError as exc:
            respond(text=reply_text(exc), response_type="ephemeral", replace_original=False)
            return
        update_card(client, db, c)
        dm = db.scalar(select(SlackMessage).where(SlackMessage.consultation_id == c.id, SlackMessage.kind == "practitioner"))
        if dm is not None:
            client.chat_postMessage(channel=dm.channel, thread_ts=dm.ts,
                                    text=f"{clinician.name} has picked up your request {c.reference}.")


def _respond(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    reference = body["actions"][0]["value"]
    with session_scope() as db:
        clinician = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        c = get_consultation(db=db, reference=reference)
        if not is_clinician(clinician):
            respond(text="Only clinicians can respond to requests.", response_type="ephemeral", replace_original=False)
            return
        client.views_open(trigger_id=body["trigger_id"], view=advice_modal(c, " ".join(c.summary.split())))


def _score(value: Any) -> int | None:
    return int(value) if value else None


def _submit_advice(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    v = submitted(view)
    with session_scope() as db:
        clinician = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        c = get_consultation(db=db, reference=metadata(view).get("reference") or "")
        try:  # rolled back by hand, not a savepoint: see bot.handlers.consult
            record_advice(db=db, consultation=c, clinician=clinician, advice=v.get("advice") or "",
                          recommendation=v.get("recommendation") or "", thrive=v.get("thrive") or "",
                          scores={d: _score(v.get(f"score_{d}")) for d in DOMAINS},
                          learning_needs=v.get("learning_needs"))
        except ConsultationError as exc:
            db.rollback()
            ack(response_action="errors", errors=modal_errors(
                exc, blocks=("advice", "recommendation", "thrive", "learning_needs"), default="advice",
                invalid_default=f"score_{DOMAINS[0]}"))
            return
        ack()
        update_card(client, db, c)
    # The commit sends the advice notice: bot.notifier DMs it to the practitioner with a feedback button.


def _open_feedback(body: dict[str, Any], client: WebClient) -> None:
    client.views_open(trigger_id=body["trigger_id"], view=feedback_modal(body["actions"][0]["value"]))


def _submit_feedback(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    v = submitted(view)
    reference = metadata(view).get("reference") or ""
    with session_scope() as db:
        practitioner = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        try:
            record_feedback(db=db, consultation=get_consultation(db=db, reference=reference),
                            practitioner=practitioner, helpfulness=_score(v.get("helpfulness")) or 0,
                            confidence_before=_score(v.get("confidence_before")) or 0,
                            confidence_after=_score(v.get("confidence_after")) or 0, comment=v.get("comment"))
        except ConsultationError as exc:
            db.rollback()
            ack(response_action="errors", errors=modal_errors(
                exc, blocks=("helpfulness", "confidence_before", "confidence_after", "comment"), default="helpfulness"))
            return
    # Acknowledge only once the feedback is committed: Slack may show "thank you" (and the
    # practitioner may look again) the moment the acknowledgement leaves.
    ack(response_action="update", view=modal(FEEDBACK + "_done", "Thank you",
                                               [section("Thank you: your feedback has been recorded.")], submit=None))


def register(app: App) -> None:
    app.action(CLAIM)(ack=_ack, lazy=[_claim])
    app.action(RESPOND)(ack=_ack, lazy=[_respond])
    app.action(GIVE_FEEDBACK)(ack=_ack, lazy=[_open_feedback])
    app.view(ADVICE)(_submit_advice)
    app.view(FEEDBACK)(_submit_feedback)
