"""`/pimh book`: the next free triage slots as buttons; a slot opens a short modal; the booking
is made by booking.service.book (which re-checks the slot and refuses a double booking)."""
from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from booking.commands import BookingRequest, PractitionerDetails
from booking.present import how, when
from booking.service import BookingError, book, list_free_slots
from bot.commands import Slash, command
from bot.handlers.people import AFTER_DETAILS, Next, ready_or_ask
from bot.people import user_for_slack
from bot.slack import dm
from bot.views import Block, metadata, submitted
from bot.views.booking import BOOK, PICK_SLOT, book_modal, booked_view, slots_blocks
from consult import clock
from consult.auth.models import User
from consult.db import session_scope
from consult.profiles import active_profile

_FIELD_TO_BLOCK = {"practitioner.phone": "phone", "summary": "summary", "consent_confirmed": "consent", "method": "method"}


def _free_slots_blocks() -> list[Block]:
    profile = active_profile()
    with session_scope() as db:
        slots = list_free_slots(db=db, profile=profile, start=clock.today_local(), days=profile.booking.horizon_days)
    return slots_blocks(profile, slots)


@command("book")
def show_slots(slash: Slash) -> None:
    with session_scope() as db:
        user = user_for_slack(db=db, client=slash.client, slack_user_id=slash.user_id)
        if not ready_or_ask(db=db, client=slash.client, user=user, trigger_id=slash.trigger_id, then="book"):
            return
    slash.respond(text="The next free triage times", blocks=_free_slots_blocks(), response_type="ephemeral")


def _after_details(*, db: Session, client: WebClient, user: User, carry: dict[str, Any]) -> Next:
    return Next(later=lambda: dm(client, user.slack_user_id, "The next free triage times", _free_slots_blocks()))  # type: ignore[arg-type]


def _pick(body: dict[str, Any], client: WebClient) -> None:
    choice = json.loads(body["actions"][0]["value"])
    client.views_open(trigger_id=body["trigger_id"], view=book_modal(active_profile(), choice))


def _submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    v = submitted(view)
    profile = active_profile()
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        details = PractitionerDetails(name=user.name, email=user.email or "", phone=(v.get("phone") or "").strip() or None,
                                      role=user.job_role or "", organisation=user.organisation or "",
                                      district=user.district or "")
        try:
            made = book(db=db, profile=profile, user_id=user.id, request=BookingRequest(
                slot_id=metadata(view).get("slot") or "", method=v.get("method") or "", practitioner=details,
                summary=v.get("summary") or "", consent_confirmed="confirmed" in (v.get("consent") or [])))
        except BookingError as exc:
            ack(response_action="errors", errors={_FIELD_TO_BLOCK.get(exc.field or "", "method"): exc.message[:150]})
            return
        ack(response_action="update",
            view=booked_view(when(profile, made), how(profile, made, show_phone=False).sentence, made.reference))
    # The commit sends booking.notices' confirmation, which bot.notifier DMs with the manage link.


def register(app: App) -> None:
    AFTER_DETAILS["book"] = _after_details
    app.action(re.compile(f"^{PICK_SLOT}:"))(ack=lambda ack: ack(), lazy=[_pick])
    app.view(BOOK)(_submit)
