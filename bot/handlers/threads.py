"""Thread replies under a consultation's messages, relayed between the triage channel card and
the practitioner's DM, so clinician and practitioner can talk without either leaving Slack.
The timeline records that a message passed, never what it said."""
from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select

from bot.models import SlackMessage
from bot.people import is_clinician, user_for_slack
from bot.replies import IDENTIFIER_WARNING
from consult.consultations.models import Consultation
from consult.consultations.service import add_event
from consult.db import session_scope
from consult.privacy.redact import contains_identifier


def relay(client: WebClient, event: dict[str, Any]) -> bool:
    """True when the message was a reply under one of our consultation messages (handled here)."""
    with session_scope() as db:
        here = db.scalar(select(SlackMessage).where(SlackMessage.channel == event["channel"],
                                                    SlackMessage.ts == event["thread_ts"]))
        if here is None:
            return False
        consultation = db.get(Consultation, here.consultation_id)
        author = user_for_slack(db=db, client=client, slack_user_id=event["user"])
        allowed = is_clinician(author) if here.kind == "triage" else author.id == consultation.practitioner_id  # type: ignore[union-attr]
        if not allowed:
            return True
        text = event.get("text") or ""
        if contains_identifier(text):
            client.chat_postEphemeral(channel=event["channel"], user=event["user"], thread_ts=event["thread_ts"],
                                      text=IDENTIFIER_WARNING + " It has not been passed on.")
            return True
        there = db.scalar(select(SlackMessage).where(SlackMessage.consultation_id == here.consultation_id,
                                                     SlackMessage.kind != here.kind))
        if there is None:
            return True
        who = "clinician" if here.kind == "triage" else "practitioner"
        client.chat_postMessage(channel=there.channel, thread_ts=there.ts,
                                text=f"*{author.name}* ({who}) about {consultation.reference}:\n{text[:2800]}")  # type: ignore[union-attr]
        add_event(db=db, consultation=consultation, kind="slack_message", actor=author,  # type: ignore[arg-type]
                  detail=f"message from the {who} relayed in Slack")
    return True
