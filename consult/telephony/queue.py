"""The line in the clinicians' queue: call-backs due (due soon and overdue like every request),
calls ringing now (the screen-pop: who is calling and their open requests) and answered calls
still to be logged. Declared in the telephony contract as a `QueueSource`: the consultations'
queue page, escalation job and digest read it through consult.queue.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult import notify
from consult.auth.models import User
from consult.consultations import rules as clock_rules
from consult.consultations.jobs import escalation_recipients
from consult.consultations.models import OPEN_STATUSES, Consultation
from consult.notify import Recipient
from consult.privacy.audit import Action, record_event, record_events
from consult.queue import QueueItem, QueueSource
from consult.telephony import messages, rules
from consult.telephony.models import PhoneCall
from consult.workdays import WorkingCalendar

# A ringing call older than this is a lost status callback, not a caller on the line.
RINGING_FOR_AT_MOST = timedelta(minutes=15)


# What each kind of line is called on the queue page, its link's words, and the digest's words.
KINDS = {
    "callback": ("Call-back", "Call back", "call-back"),
    "on_call": ("Calling now", "Open", "call ringing now"),
    "log_call": ("Answered call", "Log the call", "answered call to log"),
}


def _line(kind: str, call: PhoneCall, link: str, district: str, state: str, left: str, due: datetime,
          caller: str, open_requests: tuple[str, ...]) -> QueueItem:
    label, action, words = KINDS[kind]
    # A call ringing now goes to the top, with urgent requests.
    order = clock_rules.queue_order("urgent" if kind == "on_call" else "routine", due)
    # A call-back is held by the clinician who took it; one nobody has taken offers to be taken.
    holder = call.callback_claimed_by_id if kind == "callback" else None
    claim = f"/telephony/calls/{call.id}/claim" if kind == "callback" and holder is None else None
    return QueueItem(kind, call.reference, link, district, state, left, due, call.started_at, label, action, words,
                     show_due=kind == "callback", order=order, caller=caller, open_requests=open_requests,
                     owner_id=holder, claim_link=claim)


def _callers(db: Session, calls: list[PhoneCall]) -> tuple[dict[int, User], dict[int, tuple[str, ...]]]:
    ids = {c.caller_id for c in calls if c.caller_id}
    if not ids:
        return {}, {}
    people = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))}
    requests: dict[int, list[str]] = {}
    for practitioner_id, reference in db.execute(
            select(Consultation.practitioner_id, Consultation.reference)
            .where(Consultation.practitioner_id.in_(ids), Consultation.status.in_(OPEN_STATUSES))
            .order_by(Consultation.received_at)):
        requests.setdefault(practitioner_id, []).append(reference)
    return people, {k: tuple(v) for k, v in requests.items()}


def _who(people: dict[int, User], call: PhoneCall) -> tuple[str, str]:
    person = people.get(call.caller_id or 0)
    if person is None:
        return "Unknown caller", "Not known"
    role = f" ({person.job_role})" if person.job_role else ""
    return f"{person.name}{role}", person.district or "Not known"


def queue_items(*, db: Session, calendar: WorkingCalendar, now: datetime, viewer: User | None = None) -> list[QueueItem]:
    """Call-backs due, calls ringing now and answered calls still to log; `viewer` audits the read."""
    today = calendar.local(now).date()
    start_of_day = calendar.opening(today) - timedelta(hours=12)
    calls = list(db.scalars(select(PhoneCall).where(or_(
        PhoneCall.callback_due.is_not(None) & PhoneCall.called_back_at.is_(None),
        (PhoneCall.status == "ringing") & (PhoneCall.started_at >= now - RINGING_FOR_AT_MOST),
        (PhoneCall.status == "answered") & PhoneCall.consultation_id.is_(None) & (PhoneCall.started_at >= start_of_day),
    )).order_by(PhoneCall.started_at)))
    people, requests = _callers(db, calls)
    items = []
    for call in calls:
        caller, district = _who(people, call)
        open_requests = requests.get(call.caller_id or 0, ())
        if call.status == "ringing":
            items.append(_line("on_call", call, f"/telephony/calls/{call.id}", district, clock_rules.DUE_SOON,
                               "ringing now", call.started_at, caller, open_requests))
        elif call.status == "answered" and call.callback_due is None:
            items.append(_line("log_call", call, f"/consultations/log-call?call={call.id}", district,
                               clock_rules.ON_TRACK, "answered: log the outcome", call.started_at, caller, open_requests))
        else:
            assert call.callback_due is not None
            state = rules.callback_state(now=now, due_soon_at=call.callback_due_soon_at, due=call.callback_due,
                                         called_back_at=call.called_back_at)
            left = clock_rules.time_left_words(calendar, now=now, respond_by=call.callback_due)
            items.append(_line("callback", call, f"/telephony/calls/{call.id}", district, state, left,
                               call.callback_due, caller, open_requests))
    if viewer is not None and items:
        # The queue names who called: each call shown is a read of its record.
        record_events(db=db, actor=viewer, action=Action.read, records=[i.reference for i in items],
                      detail="clinician queue")
    return sorted(items, key=QueueItem.sort_key)


def escalations_due(*, db: Session, now: datetime) -> list[tuple[PhoneCall, str]]:
    """Call-backs not yet made that need a due-soon or overdue escalation now (each once)."""
    candidates = db.scalars(select(PhoneCall).where(
        PhoneCall.callback_due.is_not(None), PhoneCall.called_back_at.is_(None),
        or_((PhoneCall.callback_due_soon_at <= now) & PhoneCall.due_soon_escalated_at.is_(None),
            (PhoneCall.callback_due <= now) & PhoneCall.overdue_escalated_at.is_(None)),
    ).order_by(PhoneCall.callback_due))
    due = []
    for call in candidates:
        assert call.callback_due is not None and call.callback_due_soon_at is not None
        state = clock_rules.escalation_due(
            now=now, status="acknowledged", due_soon_at=call.callback_due_soon_at, respond_by=call.callback_due,
            due_soon_sent=call.due_soon_escalated_at is not None, overdue_sent=call.overdue_escalated_at is not None)
        if state is not None:
            due.append((call, state))
    return due


def mark_escalated(*, db: Session, call: PhoneCall, state: str, now: datetime) -> None:
    if state == clock_rules.OVERDUE:
        call.overdue_escalated_at = now
        call.due_soon_escalated_at = call.due_soon_escalated_at or now  # overdue says it all
    else:
        call.due_soon_escalated_at = now
    record_event(db=db, actor="escalation job", action=Action.update, record=call.reference,
                 detail=f"escalated: {state.replace('_', ' ')}")


def escalate(*, db: Session, now: datetime, today: date) -> int:
    """Call-backs escalated as requests are: due soon to the duty clinicians, overdue to managers too."""
    sent = 0
    for call, state in escalations_due(db=db, now=now):
        people = escalation_recipients(db, key=f"callback_escalation:{state}:{call.reference}", state=state, today=today)
        if people is None:
            continue
        mark_escalated(db=db, call=call, state=state, now=now)
        for notice in messages.escalation(call, state, [Recipient.for_user(p) for p in people]):
            notify.queue(db, notice)
            sent += 1
    return sent


def digest_lines(items: Sequence[QueueItem]) -> list[str]:
    """The digest's part for the line: the call-backs still to make (never who called)."""
    callbacks = [i for i in items if i.kind == "callback"]
    if not callbacks:
        return []
    return [f"Telephone line: {len(callbacks)} call-backs to make.",
            *(f"- {i.reference} · call-back · {i.left}" for i in callbacks[:20])]


SOURCE = QueueSource(name="telephony", items=queue_items, escalate=escalate, digest=digest_lines)
