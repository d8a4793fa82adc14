"""The Slack transport for consult.notify: the domain builds notices, this posts them.

New requests become a card in the triage channel with Claim and Respond buttons; the
practitioner's acknowledgement opens a DM thread that clinician replies are relayed into;
advice arrives in that thread with a feedback button. Everything else is posted as its text.
"""
from __future__ import annotations

import structlog
from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.models import SlackMessage
from bot.replies import next_open_sentence, when
from bot.views import Block, actions, button, context, section
from bot.views.consultations import GIVE_FEEDBACK, acknowledgement_blocks, advice_blocks, triage_card
from consult.auth.models import User
from consult.consultations.models import Consultation
from consult.db import session_scope
from consult.notify import Notice, register_notifier
from consult.settings import Settings, get_settings

log = structlog.get_logger(__name__)


class SlackNotifier:
    name = "slack"

    def __init__(self, client: WebClient, triage_channel: str | None) -> None:
        self.client = client
        self.triage_channel = triage_channel

    def send(self, notice: Notice) -> bool:
        if notice.audience == "triage":
            if not self.triage_channel:
                return False
            if notice.kind == "new_request" and notice.reference:
                return self._new_request(notice)
            return self._post(self.triage_channel, notice, thread_of=notice.reference)
        slack_id = _slack_id(notice)
        if not slack_id:
            return False
        if notice.kind.startswith("booking_") and notice.reference:
            return self._booking(slack_id, notice)
        if notice.kind == "acknowledgement" and notice.reference:
            return self._acknowledge(slack_id, notice)
        if notice.kind == "advice" and notice.reference:
            return self._advice(slack_id, notice)
        if notice.kind == "feedback_prompt" and notice.reference:
            blocks = [section(notice.text), actions(button("Give feedback", GIVE_FEEDBACK, notice.reference, style="primary"))]
            return self._dm(slack_id, notice.text, blocks, notice.reference)
        return self._dm(slack_id, notice.text, [section(notice.text)] + ([context(notice.link)] if notice.link else []),
                        notice.reference)

    # -- the triage channel ------------------------------------------------------------------
    def _new_request(self, notice: Notice) -> bool:
        with session_scope() as db:
            c = _consultation(db, notice.reference)
            if c is None or _message(db, c.id, "triage") is not None:
                return False  # already posted: a notice delivered twice must not post twice
            blocks = triage_card(c, _names(db, c), notice.data.get("summary") or "", notice.link)
            response = self.client.chat_postMessage(channel=self.triage_channel, text=notice.text[:3000], blocks=blocks)  # type: ignore[arg-type]
            _remember(db, c.id, "triage", response["channel"], response["ts"])
        return True

    def _post(self, channel: str, notice: Notice, *, thread_of: str | None) -> bool:
        thread_ts = None
        if thread_of:
            with session_scope() as db:
                c = _consultation(db, thread_of)
                card = _message(db, c.id, "triage") if c else None
                thread_ts = card.ts if card and card.channel == channel else None
        self.client.chat_postMessage(channel=channel, text=notice.text[:3000], thread_ts=thread_ts,
                                     reply_broadcast=bool(thread_ts), blocks=[section(notice.text)])
        return True

    # -- the practitioner ------------------------------------------------------------------
    def _acknowledge(self, slack_id: str, notice: Notice) -> bool:
        with session_scope() as db:
            c = _consultation(db, notice.reference)
            if c is None:
                return False
            blocks = acknowledgement_blocks(c.reference, when(c.respond_by), next_open_sentence(db))
            response = self.client.chat_postMessage(channel=slack_id, text=notice.text[:3000], blocks=blocks)
            _remember(db, c.id, "practitioner", response["channel"], response["ts"])
        return True

    def _advice(self, slack_id: str, notice: Notice) -> bool:
        with session_scope() as db:
            c = _consultation(db, notice.reference)
            if c is None or not c.advice:
                return False
            blocks = advice_blocks(c, notice.data.get("clinician") or "the team")
            return self._dm(slack_id, f"Advice on {c.reference}", blocks, c.reference)

    def _booking(self, slack_id: str, notice: Notice) -> bool:
        from booking.present import how
        from booking.present import when as booking_when
        from booking.service import BookingError, get_booking
        from consult.profiles import active_profile

        profile = active_profile()
        with session_scope() as db:
            try:
                made = get_booking(db=db, reference=notice.reference)  # type: ignore[arg-type]
            except BookingError:
                return False
            # Rebuilt without the phone number the email version carries: Slack never holds one.
            lines = [notice.subject, f"Reference: {made.reference}", f"When: {booking_when(profile, made)}",
                     f"How: {how(profile, made, show_phone=False).sentence}"]
        blocks = [section("\n".join(lines))]
        if notice.link:
            blocks.append(actions({"type": "button", "text": {"type": "plain_text", "text": "Cancel or move it"},
                                   "url": notice.link, "action_id": "pimh_manage_booking"}))
        self.client.chat_postMessage(channel=slack_id, text=notice.subject[:3000], blocks=blocks)
        return True

    def _dm(self, slack_id: str, text: str, blocks: list[Block], reference: str | None) -> bool:
        thread_ts = None
        if reference:
            with session_scope() as db:
                c = _consultation(db, reference)
                dm = _message(db, c.id, "practitioner") if c else None
                thread_ts = dm.ts if dm else None
        self.client.chat_postMessage(channel=slack_id, text=text[:3000], blocks=blocks, thread_ts=thread_ts,
                                     reply_broadcast=bool(thread_ts))
        return True


def _slack_id(notice: Notice) -> str | None:
    """Notices name people by account; the Slack id may be on the notice or only on the account."""
    recipient = notice.recipient
    if recipient is None:
        return None
    if recipient.slack_user_id or recipient.user_id is None:
        return recipient.slack_user_id
    with session_scope() as db:
        user = db.get(User, recipient.user_id)
        return user.slack_user_id if user else None


def _consultation(db: Session, reference: str | None) -> Consultation | None:
    return db.scalar(select(Consultation).where(Consultation.reference == reference)) if reference else None


def _message(db: Session, consultation_id: int, kind: str) -> SlackMessage | None:
    return db.scalar(select(SlackMessage).where(SlackMessage.consultation_id == consultation_id, SlackMessage.kind == kind))


def _remember(db: Session, consultation_id: int, kind: str, channel: str, ts: str) -> None:
    try:
        with db.begin_nested():
            db.add(SlackMessage(consultation_id=consultation_id, kind=kind, channel=channel, ts=ts))
    except IntegrityError:
        log.info("slack_message_already_recorded", consultation_id=consultation_id, kind=kind)


def _names(db: Session, c: Consultation) -> dict[int, str]:
    ids = {i for i in (c.claimed_by_id, c.advised_by_id) if i}
    return {u.id: u.name for u in db.scalars(select(User).where(User.id.in_(ids)))} if ids else {}


def card_for(db: Session, c: Consultation) -> list[Block]:
    summary = " ".join(c.summary.split())
    link = f"{get_settings().base_url.rstrip('/')}/consultations/{c.reference}"
    return triage_card(c, _names(db, c), summary[:600], link)


def update_card(client: WebClient, db: Session, c: Consultation) -> None:
    """Show the request's new state (claimed, advised) on its triage channel card."""
    card = _message(db, c.id, "triage")
    if card is not None:
        client.chat_update(channel=card.channel, ts=card.ts, text=f"{c.reference}: {c.status}", blocks=card_for(db, c))


def register(settings: Settings, client: WebClient | None = None) -> SlackNotifier:
    notifier = SlackNotifier(client or WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url),
                             settings.slack_triage_channel)
    register_notifier(notifier)
    return notifier
