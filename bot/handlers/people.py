"""First use: practitioners tell us their role, organisation and district once, then carry on
with whatever they were doing (the consultation form, booking...)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.people import needs_details, save_details, user_for_slack
from bot.views import metadata, submitted
from bot.views.people import CALLBACK, about_you_modal
from consult.auth.models import User
from consult.db import session_scope
from consult.profiles import active_profile


@dataclass
class Next:
    """What follows the details modal: a view that replaces it, and/or work after the ack."""

    view: dict[str, Any] | None = None
    later: Callable[[], None] | None = None


# name -> fn(db=, client=, user=, carry=) -> Next; features add theirs at import time.
AFTER_DETAILS: dict[str, Callable[..., Next]] = {}


def ready_or_ask(*, db: Session, client: WebClient, user: User, trigger_id: str | None, then: str,
                 carry: dict[str, Any] | None = None) -> bool:
    """True when the user's details are complete; otherwise opens the details modal (if Slack gave
    us a trigger to open it with) and returns False."""
    if not needs_details(user):
        return True
    if trigger_id:
        client.views_open(trigger_id=trigger_id, view=about_you_modal(active_profile(), user, then=then, carry=carry))
    return False


def _submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    values = submitted(view)
    meta = metadata(view)
    profile = active_profile()
    errors = {}
    if values.get("district") not in (*profile.districts, "outside_area"):
        errors["district"] = "Choose a district from the list."
    if errors:
        ack(response_action="errors", errors=errors)
        return
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        save_details(db=db, user=user, details={k: v for k, v in values.items() if isinstance(v, str)})
        step = AFTER_DETAILS.get(meta.get("then") or "")
        following = step(db=db, client=client, user=user, carry=meta.get("carry") or {}) if step else Next()
    if following.view:
        ack(response_action="update", view=following.view)
    else:
        ack()
    if following.later:
        following.later()


def register(app: App) -> None:
    app.view(CALLBACK)(_submit)
