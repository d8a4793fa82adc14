"""Notices to people: a `Notifier` protocol, log and SMTP email implementations, and a registry.

The domain builds a `Notice` (reference and non-identifying summary only) and queues it on the
database session; notices go out only after that transaction commits, so nobody is told about a
request that was then rolled back. Other transports (the Slack bot) plug in with
`register_notifier(...)` from their own package, so the domain never imports them.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any, Protocol, runtime_checkable

import structlog
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from consult.settings import get_settings

log = structlog.get_logger(__name__)

# Kinds the consultation domain sends; other packages may add their own.
KINDS = ("acknowledgement", "new_request", "advice", "feedback_prompt", "escalation", "digest", "handover")


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str | None = None
    slack_user_id: str | None = None
    user_id: int | None = None

    @classmethod
    def for_user(cls, user: Any) -> Recipient:
        return cls(name=user.name, email=user.email, slack_user_id=user.slack_user_id, user_id=user.id)


@dataclass(frozen=True)
class Notice:
    """One message. `audience` is "person" (to `recipient`) or "triage" (the clinicians' channel).

    `text` is plain words that are safe anywhere: a reference, a non-identifying summary, a time.
    `data` carries the same facts structured (reference, respond_by ISO, urgency...) for
    transports that build richer layouts, such as Slack blocks with a Claim button.
    """

    kind: str
    subject: str
    text: str
    recipient: Recipient | None = None
    audience: str = "person"
    reference: str | None = None
    link: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class Notifier(Protocol):
    name: str

    def send(self, notice: Notice) -> bool:
        """Deliver if this transport can reach the audience; True when it did."""
        ...


class LogNotifier:
    """Always on: records that a notice went out (kind, reference, user id) but never its text."""

    name = "log"

    def send(self, notice: Notice) -> bool:
        log.info(
            "notice",
            kind=notice.kind,
            audience=notice.audience,
            reference=notice.reference,
            recipient_user_id=notice.recipient.user_id if notice.recipient else None,
        )
        return True


class EmailNotifier:
    """Email through the SMTP settings; does nothing when SMTP_HOST is unset or there is no address."""

    name = "email"

    def send(self, notice: Notice) -> bool:
        settings = get_settings()
        if not settings.smtp_host or notice.recipient is None or not notice.recipient.email:
            return False
        message = EmailMessage()
        message["From"] = settings.smtp_from
        message["To"] = notice.recipient.email
        message["Subject"] = notice.subject
        body = notice.text + (f"\n\n{notice.link}" if notice.link else "")
        message.set_content(body)
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
            if settings.smtp_port == 587:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            smtp.send_message(message)
        return True


_registry: dict[str, Notifier] = {}


def register_notifier(notifier: Notifier) -> None:
    """Add (or replace, by name) a transport. The Slack bot calls this at start-up."""
    _registry[notifier.name] = notifier


def unregister_notifier(name: str) -> None:
    _registry.pop(name, None)


def notifiers() -> list[Notifier]:
    return list(_registry.values())


def deliver(notice: Notice) -> list[str]:
    """Send through every transport now; a failing transport is logged and skipped."""
    delivered = []
    for notifier in notifiers():
        try:
            if notifier.send(notice):
                delivered.append(notifier.name)
        except Exception as exc:  # one broken transport must not stop the others or the request
            log.warning("notice_failed", transport=notifier.name, kind=notice.kind,
                        reference=notice.reference, error_type=type(exc).__name__)
    return delivered


_OUTBOX = "notice_outbox"


def queue(db: Session, notice: Notice) -> None:
    """Send `notice` once this session's transaction commits (dropped if it rolls back)."""
    db.info.setdefault(_OUTBOX, []).append(notice)


_SAVEPOINT_MARKS = "notice_outbox_marks"


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    # Remember how full the outbox was when a savepoint began, so rolling the savepoint back
    # drops only the notices queued inside it.
    if transaction.nested:
        session.info.setdefault(_SAVEPOINT_MARKS, {})[id(transaction)] = len(session.info.get(_OUTBOX, ()))


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    # SQLAlchemy also fires after_commit when a savepoint is released; the rows are not visible
    # to anyone else until the outermost commit, so wait for that one.
    if session.in_nested_transaction():
        return
    session.info.pop(_SAVEPOINT_MARKS, None)
    outbox = session.info.pop(_OUTBOX, None)
    for notice in outbox or ():
        deliver(notice)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint: handled in _drop_savepoint_notices
    session.info.pop(_OUTBOX, None)
    session.info.pop(_SAVEPOINT_MARKS, None)


@event.listens_for(Session, "after_soft_rollback")
def _drop_savepoint_notices(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        return
    mark = session.info.get(_SAVEPOINT_MARKS, {}).pop(id(previous_transaction), None)
    if mark is not None and _OUTBOX in session.info:
        del session.info[_OUTBOX][mark:]


register_notifier(LogNotifier())
register_notifier(EmailNotifier())
