"""Referrals in the clinicians' queue, escalations and digest: triage clocks and due follow-up calls.

The consultations' queue page and jobs call these, so both kinds share one list sorted by time
left; states and time left come from the consultations' own clock rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult.clock import LONDON
from consult.consultations import rules as clock_rules
from consult.privacy.audit import Action, record_event
from consult.referrals import rules, service
from consult.referrals.models import AWAITING_TRIAGE, Referral
from consult.telephony import queue as telephony_queue
from consult.workdays import WorkingCalendar


@dataclass(frozen=True)
class QueueItem:
    """One line of the clinicians' queue that is not a consultation."""

    kind: str  # "referral" (awaiting triage) or "follow_up" (six-month call due)
    reference: str
    link: str
    district: str
    state: str
    left: str
    due: datetime
    received_at: datetime

    def sort_key(self) -> tuple[int, datetime]:
        return clock_rules.queue_order("routine", self.due)


def _awaiting(db: Session) -> list[Referral]:
    return list(db.scalars(select(Referral).where(Referral.status.in_(AWAITING_TRIAGE)).order_by(Referral.triage_by)))


def _triage_item(r: Referral, calendar: WorkingCalendar, now: datetime) -> QueueItem:
    state = rules.triage_state(now=now, status=r.status, due_soon_at=r.triage_due_soon_at, triage_by=r.triage_by)
    left = clock_rules.describe_time_left(clock_rules.time_left(calendar, now=now, respond_by=r.triage_by))
    return QueueItem("referral", r.reference, f"/referrals/{r.reference}", r.district, state, left, r.triage_by,
                     r.received_at)


def _follow_up_item(r: Referral, today) -> QueueItem:
    # A call is due from the start of its day; a day later it is overdue.
    due = datetime.combine(r.follow_up_on, time(0), LONDON)
    state = clock_rules.DUE_SOON if r.follow_up_on == today else clock_rules.OVERDUE
    left = "due today" if state == clock_rules.DUE_SOON else f"due since {r.follow_up_on:%-d %B %Y}"
    return QueueItem("follow_up", r.reference, f"/referrals/{r.reference}#follow-up", r.district, state, left, due,
                     r.received_at)


def queue_items(*, db: Session, calendar: WorkingCalendar, now: datetime, viewer=None) -> list[QueueItem]:
    """Referrals awaiting triage, follow-up calls due by today and the telephone line's call-backs
    and calls (consult.telephony.queue; `viewer` audits the calls shown), least time left first."""
    today = calendar.local(now).date()
    items: list = [_triage_item(r, calendar, now) for r in _awaiting(db)]
    items += [_follow_up_item(r, today) for r in service.follow_ups_due(db=db, on_or_before=today)]
    items += telephony_queue.queue_items(db=db, calendar=calendar, now=now, viewer=viewer)
    return sorted(items, key=lambda item: item.sort_key())


def escalations_due(*, db: Session, now: datetime) -> list[tuple[Referral, str]]:
    """Referrals waiting for triage that need a due-soon or overdue escalation now (each once)."""
    candidates = db.scalars(select(Referral).where(
        Referral.status.in_(AWAITING_TRIAGE),
        or_((Referral.triage_due_soon_at <= now) & Referral.due_soon_escalated_at.is_(None),
            (Referral.triage_by <= now) & Referral.overdue_escalated_at.is_(None)),
    ).order_by(Referral.triage_by))
    due = []
    for r in candidates:
        state = clock_rules.escalation_due(
            now=now, status="acknowledged", due_soon_at=r.triage_due_soon_at, respond_by=r.triage_by,
            due_soon_sent=r.due_soon_escalated_at is not None, overdue_sent=r.overdue_escalated_at is not None)
        if state is not None:
            due.append((r, state))
    return due


def mark_escalated(*, db: Session, referral: Referral, state: str, now: datetime, people: int) -> None:
    if state == clock_rules.OVERDUE:
        referral.overdue_escalated_at = now
        referral.due_soon_escalated_at = referral.due_soon_escalated_at or now  # overdue says it all
    else:
        referral.due_soon_escalated_at = now
    service.add_event(db=db, referral=referral, kind=f"escalated_{state}", actor=None,
                      detail=f"triage reminder sent to {people} people")
    # As for consultations: the audit trail shows the system acted on the record, not only the timeline.
    record_event(db=db, actor="escalation job", action=Action.update, record=referral.reference,
                 detail=f"escalated: {state.replace('_', ' ')}")


def digest_lines(items: list[QueueItem]) -> list[str]:
    words = {"referral": "referral to triage", "follow_up": "follow-up call", "callback": "call-back"}
    return [f"- {i.reference} · {words[i.kind]} · {i.district} · {i.left}" for i in items if i.kind in words]
