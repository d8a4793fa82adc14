"""`/pimh status` and App Home: a practitioner's open requests and bookings, supervision group and
training places; a clinician's queue."""
from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from booking.models import Booking, BookingStatus
from bot.commands import Slash, command
from bot.people import is_clinician, user_for_slack
from bot.views import Block, divider
from bot.views.status import practitioner_blocks, queue_blocks
from bot.views.training import development_blocks
from consult import clock
from consult.auth.models import User
from consult.consultations.rules import time_left_words
from consult.consultations.service import list_for_viewer, open_queue
from consult.core.calendar import calendar_for
from consult.db import session_scope
from consult.workforce.development import practitioner_summary

QUEUE_SHOWN = 15


def upcoming_triage(db: Session, user: User) -> list[Booking]:
    return list(db.scalars(select(Booking).where(Booking.user_id == user.id, Booking.status == BookingStatus.booked,
                                                 Booking.starts_at >= clock.now()).order_by(Booking.starts_at)).all())


def _blocks(db: Session, user: User) -> list[Block]:
    now = clock.now()
    if is_clinician(user):
        calendar = calendar_for(db)
        queue = open_queue(db=db, limit=QUEUE_SHOWN)
        return queue_blocks([(c, time_left_words(calendar, now=now, respond_by=c.respond_by)) for c in queue], now)
    requests = list_for_viewer(db=db, viewer=user, status="open")
    return practitioner_blocks(requests, upcoming_triage(db, user)) + [divider()] + development_blocks(practitioner_summary(db=db, user=user))  # noqa: E501


@command("status")
def status(slash: Slash) -> None:
    with session_scope() as db:
        user = user_for_slack(db=db, client=slash.client, slack_user_id=slash.user_id)
        blocks = _blocks(db, user)
    slash.respond(text="Your requests, bookings and training", blocks=blocks, response_type="ephemeral")


def publish_home(client: WebClient, slack_user_id: str) -> None:
    """(Re)draw someone's App Home tab: on opening it, and after a button on it changed something."""
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=slack_user_id)
        blocks = _blocks(db, user)
    client.views_publish(user_id=slack_user_id, view={"type": "home", "blocks": blocks})


def _home(event: dict[str, Any], client: WebClient) -> None:
    if event.get("tab", "home") == "home":
        publish_home(client, event["user"])


def register(app: App) -> None:
    app.event("app_home_opened")(ack=lambda ack: ack(), lazy=[_home])
