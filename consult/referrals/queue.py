"""Referrals in the clinicians' queue, escalations and digest: triage clocks and due follow-up calls.

Contributed to the combined queue (consult/queue.py) as `SOURCE` in the referrals' contract, so
both kinds share one list sorted by time left; states and time left come from the consultations'
own clock rules. The consultations never import this module.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult import formatting, notify
from consult.clock import LONDON
from consult.consultations import rules as clock_rules
from consult.consultations.jobs import escalation_recipients
from consult.notify import Recipient
from consult.privacy.audit import Action, record_event
from consult.profiles import active_profile
from consult.queue import QueueItem, QueueSource, item_line
from consult.referrals import messages, rules, service
from consult.referrals.models import AWAITING_TRIAGE, Referral
from consult.workdays import WorkingCalendar

KINDS = {  # kind: (tag on the queue page, link words, digest words)
    "referral": ("Referral to triage", "Triage", "referral to triage"),
    "follow_up": ("Follow-up call", "Open", "follow-up call"),
}


def _item(kind: str, r: Referral, link: str, state: str, left: str, due: datetime) -> QueueItem:
    label, action, words = KINDS[kind]
    sender, note = _sender(r)
    return QueueItem(kind, r.reference, link, r.district, state, left, due, r.received_at, label=label,
                     action=action, digest_words=words, show_due=kind == "referral",
                     order=clock_rules.queue_order("routine", due), sender=sender, sender_note=note,
                     owner_id=_holder(kind, r))


def _holder(kind: str, r: Referral) -> int | None:
    """Whose line it is, for the queue's clinician filter. A new referral is nobody's until someone
    triages it; once a clinician has asked the referrer for more information, finishing the triage
    is theirs. A follow-up call falls to the clinician who closed the family's referral."""
    return r.triaged_by_id if kind == "referral" else r.closed_by_id


def _sender(r: Referral) -> tuple[str, str | None]:
    """The queue's From column: the referrer's role and organisation (their name stays on the referral)."""
    source = active_profile().referral_sources.get(r.source)
    source_label = source.label if source else None
    return (r.referrer_role or source_label or "Referrer",
            r.referrer_organisation or (source_label if r.referrer_role else None))


def _awaiting(db: Session) -> list[Referral]:
    return list(db.scalars(select(Referral).where(Referral.status.in_(AWAITING_TRIAGE)).order_by(Referral.triage_by)))


def _triage_item(r: Referral, calendar: WorkingCalendar, now: datetime) -> QueueItem:
    state = rules.triage_state(now=now, status=r.status, due_soon_at=r.triage_due_soon_at, triage_by=r.triage_by)
    left = clock_rules.time_left_words(calendar, now=now, respond_by=r.triage_by)
    return _item("referral", r, f"/referrals/{r.reference}", state, left, r.triage_by)


def _follow_up_item(r: Referral, today: date) -> QueueItem:
    # A call is due from the start of its day; a day later it is overdue.
    due = datetime.combine(r.follow_up_on, time(0), LONDON)  # type: ignore[arg-type]
    state = clock_rules.DUE_SOON if r.follow_up_on == today else clock_rules.OVERDUE
    left = "due today" if state == clock_rules.DUE_SOON else f"due since {formatting.long_date(r.follow_up_on)}"
    return _item("follow_up", r, f"/referrals/{r.reference}#follow-up", state, left, due)


def queue_items(*, db: Session, calendar: WorkingCalendar, now: datetime, viewer: object = None) -> list[QueueItem]:
    """Referrals awaiting triage and follow-up calls due by today, least time left first (their lines
    name no person, so showing them is not an audited read)."""
    today = calendar.local(now).date()
    items = [_triage_item(r, calendar, now) for r in _awaiting(db)]
    items += [_follow_up_item(r, today) for r in service.follow_ups_due(db=db, on_or_before=today)]
    return sorted(items, key=QueueItem.sort_key)


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


def escalate(*, db: Session, now: datetime, today: date) -> int:
    """Referrals waiting for triage: due soon to the duty clinicians, overdue to the managers too."""
    sent = 0
    for referral, state in escalations_due(db=db, now=now):
        people = escalation_recipients(db, key=f"referral_escalation:{state}:{referral.reference}", state=state, today=today)
        if people is None:
            continue
        mark_escalated(db=db, referral=referral, state=state, now=now, people=len(people))
        for notice in messages.escalation(referral, state, [Recipient.for_user(p) for p in people]):
            notify.queue(db, notice)
            sent += 1
    return sent


def digest_lines(items: Sequence[QueueItem]) -> list[str]:
    """The digest's referral part: how many of each kind, then the first 20 lines."""
    if not items:
        return []
    waiting = sum(1 for i in items if i.kind == "referral")
    head = f"Referrals: {waiting} waiting for triage, {len(items) - waiting} follow-up calls due."
    return [head, *(item_line(i) for i in items[:20])]


SOURCE = QueueSource(name="referrals", items=queue_items, escalate=escalate, digest=digest_lines)
