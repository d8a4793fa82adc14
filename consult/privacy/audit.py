"""The audit log: who did what to which record, and when. Append-only in the database.

Every package records its own events with `record_event(db=..., actor=user, action="read",
record=reference)`. `record` is a reference (e.g. a referral's reference or "user:12"), never a
name; `detail` is a short note without identifiers (it is passed through `redact` as a guard).
The table has database triggers (migration 0005_privacy) that reject UPDATE and DELETE, so
not even a bug or a stolen application credential can quietly rewrite history.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Index, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from consult import clock
from consult.clock import LONDON
from consult.db import Base, UTCDateTime
from consult.paging import page_count
from consult.privacy.redact import redact

if TYPE_CHECKING:
    from consult.auth.models import User


class Action(str, enum.Enum):
    create = "create"
    read = "read"
    update = "update"
    export = "export"
    sign_in = "sign_in"
    purge = "purge"


ACTIONS = tuple(a.value for a in Action)


class AuditEvent(Base):
    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'read', 'update', 'export', 'sign_in', 'purge')", name="action"),
        Index("ix_audit_events_record_at", "record", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # No foreign key: rows are never updated, so they cannot follow a user being erased; the
    # actor's current (possibly anonymised) name is looked up when the log is read.
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # For a user, their role at the time; for the system, what acted ("retention job", "pimh cli").
    actor_label: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(20))
    record: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(String(500), default="")


def record_event(*, db: Session, actor: User | str | None, action: Action | str, record: str, detail: str = "") -> AuditEvent:
    """Append one event. `actor` is a User, or a label for the system ("retention job")."""
    (event,) = record_events(db=db, actor=actor, action=action, records=[record], detail=detail)
    return event


def record_events(*, db: Session, actor: User | str | None, action: Action | str, records: list[str],
                  detail: str = "") -> list[AuditEvent]:
    """The same event for each record (a list page's reads), written in one flush."""
    action = Action(action)  # ValueError for anything outside the six actions
    if actor is None or isinstance(actor, str):
        actor_id, label = None, actor or "system"
    else:
        actor_id, label = actor.id, actor.role.value
    at, detail = clock.now(), redact(detail)[:500]
    events = [AuditEvent(at=at, actor_id=actor_id, actor_label=label[:120], action=action.value,
                         record=record[:120], detail=detail) for record in records]
    db.add_all(events)
    db.flush()
    return events


ACTION_WORDS = {"create": "Created", "read": "Read", "update": "Changed", "export": "Exported",
                "sign_in": "Signed in", "purge": "Purged"}


@dataclass(frozen=True)
class AuditRow:
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    record: str
    detail: str
    actor_role: str = ""  # a person's role when they acted ("Manager"); empty for the system
    record_name: str = ""  # for an account's record ("user:5"), whose account it is, for people to read

    @property
    def action_words(self) -> str:
        return ACTION_WORDS.get(self.action, self.action.replace("_", " ").capitalize())

    def as_api(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action, "record": self.record}


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


def search(
    *,
    db: Session,
    record: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    since: date | None = None,
    until: date | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    """Events newest first. `actor` matches a user's name or email (part of it) or a system label."""
    from consult.auth.models import User

    query = select(AuditEvent, User.name).outerjoin(User, User.id == AuditEvent.actor_id)
    if record:
        query = query.where(AuditEvent.record == record.strip())
    if action:
        query = query.where(AuditEvent.action == Action(action).value)
    if actor:
        like = f"%{actor.strip().lower()}%"
        query = query.where(
            func.lower(User.name).like(like) | func.lower(User.email).like(like)
            | (AuditEvent.actor_id.is_(None) & func.lower(AuditEvent.actor_label).like(like))
        )
    if since:
        query = query.where(AuditEvent.at >= _local_midnight(since))
    if until:
        query = query.where(AuditEvent.at < _local_midnight(until + timedelta(days=1)))
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = max(1, page)
    rows = db.execute(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    accounts = _account_names(db, [e.record for e, _ in rows])
    return AuditPage(
        rows=[
            AuditRow(at=e.at, actor=_actor_name(e, name), actor_id=e.actor_id, action=e.action, record=e.record,
                     detail=e.detail, actor_role=e.actor_label.capitalize() if e.actor_id is not None else "",
                     record_name=accounts.get(e.record, ""))
            for e, name in rows
        ],
        total=total, page=page, per_page=per_page,
    )


ACCOUNT_RECORD = "user:"


def _account_names(db: Session, records: list[str]) -> dict[str, str]:
    """"user:5" -> "Helen Marsh (manager)" for the accounts named on one page of the log, in one query."""
    from consult.auth.models import User

    ids = {int(r[len(ACCOUNT_RECORD):]) for r in records
           if r.startswith(ACCOUNT_RECORD) and r[len(ACCOUNT_RECORD):].isdigit() and len(r) < 20}
    if not ids:
        return {}
    found = db.execute(select(User.id, User.name, User.role).where(User.id.in_(ids))).all()
    return {f"{ACCOUNT_RECORD}{uid}": f"{name} ({role.value})" for uid, name, role in found}


def _actor_name(event: AuditEvent, name: str | None) -> str:
    if event.actor_id is None:
        return event.actor_label
    return name or f"user {event.actor_id}"


def _local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)
