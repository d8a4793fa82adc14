"""`/pimh training`: open courses with a Book button each; Book and Cancel go through
consult.workforce.training, which decides between a place and the waiting list."""
from __future__ import annotations

import re
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.commands import Slash, command
from bot.handlers.status import publish_home
from bot.people import user_for_slack
from bot.slack import dm
from bot.training_words import booked_sentence, cancelled_sentence, my_places, open_courses, refused_sentence
from bot.views.training import BOOK_COURSE, CANCEL_TRAINING, courses_blocks
from consult.db import session_scope
from consult.workforce import training
from consult.workforce.commands import TrainingBookingRequest


@command("training")
def list_open_courses(slash: Slash) -> None:
    with session_scope() as db:
        user = user_for_slack(db=db, client=slash.client, slack_user_id=slash.user_id)
        blocks = courses_blocks(open_courses(db=db), my_places(db=db, user=user))
    slash.respond(text="Training courses open for booking", blocks=blocks, response_type="ephemeral")


def _book(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    value = body["actions"][0].get("value") or ""
    try:
        with session_scope() as db:
            user = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
            booking = training.book(db=db, request=TrainingBookingRequest.from_choice(value), user=user)
            said = booked_sentence(booking, training.waiting_position(db=db, booking=booking))
    except training.TrainingError as exc:
        said = refused_sentence(exc)
    respond(text=said, response_type="ephemeral", replace_original=False)


def _cancel(body: dict[str, Any], client: WebClient, respond: Respond) -> None:
    slack_user_id = body["user"]["id"]
    try:
        with session_scope() as db:
            user = user_for_slack(db=db, client=client, slack_user_id=slack_user_id)
            booking, promoted = training.cancel(db=db, reference=body["actions"][0].get("value") or "", actor=user)
            said = cancelled_sentence(booking, promoted)
    except training.TrainingError as exc:
        said = refused_sentence(exc)
    if body.get("response_url"):
        respond(text=said, response_type="ephemeral", replace_original=False)
        return
    # Pressed on the App Home tab, which has no response_url: redraw it and say so in a DM.
    publish_home(client, slack_user_id)
    dm(client, slack_user_id, said)


def register(app: App) -> None:
    app.action(re.compile(f"^{BOOK_COURSE}:"))(ack=lambda ack: ack(), lazy=[_book])
    app.action(re.compile(f"^{CANCEL_TRAINING}:"))(ack=lambda ack: ack(), lazy=[_cancel])
