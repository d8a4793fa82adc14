"""Requesting a consultation: `/pimh consult`, or the button under a question the FAQ could not
answer (the question comes along). The modal's submission creates the request through
consult.consultations.service; the acknowledgement DM and the triage card are its notices,
posted by bot.notifier once the request is committed, after Slack has had its ack."""
from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.commands import Slash, command
from bot.handlers.people import AFTER_DETAILS, Next, ready_or_ask
from bot.models import SlackDelivery
from bot.people import user_for_slack
from bot.views import submitted
from bot.views.answers import ASK_CONSULTATION
from bot.views.consultations import CONSULT, consult_modal
from consult.auth.models import User
from consult.consultations.commands import ConsultationRequest
from consult.consultations.errors import InvalidInput
from consult.consultations.service import create_consultation
from consult.db import session_scope
from consult.profiles import active_profile

# The service names fields as the API does; the modal's blocks are named for people.
_FIELD_TO_BLOCK = {"question": "summary", "infant_age_months": "infant_age_months", "district": "district",
                   "callback_phone": "callback_phone", "concerns": "concerns", "urgency": "urgency",
                   "preferred_contact": "preferred_contact", "consent_confirmed": "consent"}


def _modal_for(user: User, question: str = "") -> dict[str, Any]:
    profile = active_profile()
    return consult_modal(profile, district=user.district if user.district in profile.districts else None,
                         question=question)


def open_consult_modal(client: WebClient, slack_user_id: str, trigger_id: str | None, question: str = "") -> None:
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=slack_user_id)
        if ready_or_ask(db=db, client=client, user=user, trigger_id=trigger_id, then="consult",
                        carry={"question": question}):
            client.views_open(trigger_id=trigger_id, view=_modal_for(user, question))


@command("consult")
def consult(slash: Slash) -> None:
    open_consult_modal(slash.client, slash.user_id, slash.trigger_id, slash.text)


def _from_question(body: dict[str, Any], client: WebClient) -> None:
    question = body["actions"][0].get("value") or ""
    open_consult_modal(client, body["user"]["id"], body.get("trigger_id"), question)


def _after_details(*, db: Session, client: WebClient, user: User, carry: dict[str, Any]) -> Next:
    return Next(view=_modal_for(user, carry.get("question") or ""))


def _age(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return -1  # the service explains the range


def _request(v: dict[str, Any]) -> ConsultationRequest:
    """The modal's answers as the one consultation request every channel sends."""
    return ConsultationRequest(
        channel="slack", summary=v.get("summary") or "", district=v.get("district"),
        concerns=tuple(v.get("concerns") or ()), infant_age_months=_age(v.get("infant_age_months")),
        antenatal=bool(v.get("antenatal")), urgency=v.get("urgency") or "routine",
        preferred_contact=v.get("preferred_contact") or "chat", callback_phone=v.get("callback_phone"),
        callback_window=v.get("callback_window"), consent_confirmed="confirmed" in (v.get("consent") or []),
    )


def _submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
    v = submitted(view)
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=body["user"]["id"])
        # No savepoint here: consult.notify sends queued notices on any commit, a savepoint's
        # included, so the whole unit is rolled back by hand when the service refuses it.
        try:
            # The view id makes a second submission of the same form a no-op.
            db.add(SlackDelivery(key=f"view:{view['id']}"))
            db.flush()
            create_consultation(db=db, practitioner=user, request=_request(v))
        except InvalidInput as exc:
            db.rollback()
            ack(response_action="errors", errors={_FIELD_TO_BLOCK.get(exc.field, "summary"): exc.message[:150]})
            return
        except IntegrityError:
            db.rollback()
            ack()  # already created by the first submission
            return
        ack()
    # Leaving the block commits: the acknowledgement DM and triage card go out now, after the ack.


def register(app: App) -> None:
    AFTER_DETAILS["consult"] = _after_details
    app.action(ASK_CONSULTATION)(ack=lambda ack: ack(), lazy=[_from_question])
    app.view(CONSULT)(_submit)
