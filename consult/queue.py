"""The clinicians' combined queue: the lines that domains other than consultations contribute.

Consultations own the queue page, its escalation job and the morning digest; every other kind of
work a clinician answers against a time limit (referrals awaiting triage, follow-up calls, later
call-backs) joins them by declaring a `QueueSource` in its domain contract (`queue=(SOURCE,)`). The
consultations read `items`, `escalate` and `digest` here, so they never import the domains that
contribute, and a new kind of work needs no change to the consultations.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class QueueItem:
    """One line of the clinicians' queue that is not a consultation."""

    kind: str  # e.g. "referral" (awaiting triage) or "follow_up" (six-month call due)
    reference: str
    link: str
    district: str
    state: str  # a consultation clock state: on_track, due_soon, overdue
    left: str  # time left in words
    due: datetime
    received_at: datetime
    label: str  # the tag on the queue page, e.g. "Referral to triage"
    action: str  # the link's words, e.g. "Triage"
    digest_words: str  # how the morning digest names it, e.g. "referral to triage"
    show_due: bool = False  # print "by <due>" under the time left
    order: tuple[int, datetime] | None = None  # the queue's sort key (urgent first, then due)
    caller: str | None = None  # a telephone line's item: who called (name and role, never the number)
    open_requests: tuple[str, ...] = ()  # the caller's open requests, for the screen-pop
    sender: str | None = None  # who sent it, by role or service (a referrer's job role), never a family's name
    sender_note: str | None = None  # under the sender: their organisation or how it came in
    owner_id: int | None = None  # the clinician it is with, for the queue's clinician filter
    claim_link: str | None = None  # where a clinician takes it (a POST), while nobody holds it

    def sort_key(self) -> tuple[int, datetime]:
        return self.order if self.order is not None else (1, self.due)


@dataclass(frozen=True)
class QueueSource:
    """A domain's part of the queue.

    items(*, db, calendar, now, viewer) -> its open lines (`viewer`, the clinician looking, or None
    for jobs: a source whose lines name people audits the read); escalate(*, db, now, today) -> notices sent by
    the 15-minute escalation job (each once); digest(items) -> the lines of the morning digest
    that introduce and list its items (empty when there is nothing)."""

    name: str
    items: Callable[..., list[QueueItem]]
    escalate: Callable[..., int] | None = None
    digest: Callable[[Sequence[QueueItem]], list[str]] | None = None


def _sources() -> list[QueueSource]:
    from consult.contract import installed

    return installed().queue


def queue_items(*, db: Session, calendar: Any, now: datetime, viewer: Any = None) -> list[QueueItem]:
    """Every contributed line, least time left first; `viewer` is the person looking (None for jobs)."""
    items = [item for source in _sources() for item in source.items(db=db, calendar=calendar, now=now, viewer=viewer)]
    return sorted(items, key=QueueItem.sort_key)


def escalate(*, db: Session, now: datetime, today: date) -> int:
    """Run every source's escalations; returns the notices sent."""
    return sum(s.escalate(db=db, now=now, today=today) for s in _sources() if s.escalate is not None)


def digest_lines(*, db: Session, calendar: Any, now: datetime) -> list[str]:
    """The morning digest's lines from every source (each source introduces and lists its items)."""
    lines: list[str] = []
    for source in _sources():
        if source.digest is not None:
            items = sorted(source.items(db=db, calendar=calendar, now=now, viewer=None), key=QueueItem.sort_key)
            lines += source.digest(items)
    return lines


def item_line(item: QueueItem) -> str:
    """One digest line: reference, what it is, district and time left (never anything identifying)."""
    return f"- {item.reference} · {item.digest_words} · {item.district} · {item.left}"
