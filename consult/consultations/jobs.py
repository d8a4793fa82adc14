"""Scheduled consultation jobs: escalations every 15 minutes in working hours, a 09:00 digest.

Each notice is recorded in `sent_notices` under a unique key in the same transaction that
queues it, so a second run, a run after a restart, or two workers racing send nothing twice.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

import structlog
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult import clock, notify
from consult import queue as clinician_queue
from consult.auth.models import Role, User
from consult.consultations import messages, rules
from consult.consultations.models import OPEN_STATUSES, Consultation, ConsultationFeedback, SentNotice
from consult.consultations.rota import duty_for
from consult.consultations.service import add_event
from consult.core.calendar import calendar_for
from consult.db import session_scope
from consult.jobs import scheduled
from consult.notify import Notice, Recipient

log = structlog.get_logger(__name__)
FEEDBACK_PROMPT_AFTER = timedelta(hours=1)
FEEDBACK_PROMPT_WINDOW = timedelta(days=14)  # never prompt about old advice (e.g. imported history)


def record_once(*, db: Session, key: str, kind: str, consultation_id: int | None = None) -> bool:
    """True the first time `key` is recorded; False when it was sent before."""
    if db.scalar(select(SentNotice.id).where(SentNotice.key == key)) is not None:
        return False
    try:
        with db.begin_nested():
            db.add(SentNotice(key=key, kind=kind, consultation_id=consultation_id, sent_at=clock.now()))
    except IntegrityError:
        return False  # another worker recorded it a moment ago
    return True


def _send(db: Session, notices: list[Notice]) -> None:
    for notice in notices:
        notify.queue(db, notice)


def on_duty(db: Session, day: date) -> list[User]:
    """The day's duty clinicians; every active clinician when nobody is on the rota."""
    return duty_for(db=db, day=day) or list(db.scalars(select(User).where(User.role == Role.clinician, User.active.is_(True))))


def _clinicians_for(db: Session, consultation: Consultation, day: date) -> list[User]:
    if consultation.claimed_by_id:
        return [db.get(User, consultation.claimed_by_id)]  # type: ignore[list-item]
    return on_duty(db, day)


def managers(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.role == Role.manager, User.active.is_(True))))


def escalation_recipients(db: Session, *, key: str, state: str, today: date) -> list[User] | None:
    """Who hears of an escalation of other queue work (referrals, call-backs): the duty clinicians,
    and the managers too once it is overdue. None when this escalation (`key`) was already sent."""
    if not record_once(db=db, key=key, kind="escalation"):
        return None
    people = on_duty(db, today)
    if state == rules.OVERDUE:
        people += [m for m in managers(db) if m not in people]
    return people


def escalate(*, db: Session, now: datetime) -> int:
    """Escalate open requests at the due-soon point and again when overdue; returns notices sent."""
    calendar = calendar_for(db)
    if not calendar.is_open(now):
        return 0
    candidates = db.scalars(
        select(Consultation).where(
            Consultation.status.in_(OPEN_STATUSES),
            or_(
                (Consultation.due_soon_at <= now) & Consultation.due_soon_escalated_at.is_(None),
                (Consultation.respond_by <= now) & Consultation.overdue_escalated_at.is_(None),
            ),
        ).order_by(Consultation.respond_by)
    )
    sent = 0
    today = calendar.local(now).date()
    for c in candidates:
        state = rules.escalation_due(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by,
                                     due_soon_sent=c.due_soon_escalated_at is not None,
                                     overdue_sent=c.overdue_escalated_at is not None)
        if state is None or not record_once(db=db, key=f"escalation:{state}:{c.reference}", kind="escalation",
                                            consultation_id=c.id):
            continue
        people = _clinicians_for(db, c, today)
        if state == rules.OVERDUE:
            people += [m for m in managers(db) if m not in people]
            c.overdue_escalated_at = now
            c.due_soon_escalated_at = c.due_soon_escalated_at or now  # overdue says it all
        else:
            c.due_soon_escalated_at = now
        notices = messages.escalation(c, state, [Recipient.for_user(p) for p in people])
        _send(db, notices)
        add_event(db=db, consultation=c, kind=f"escalated_{state}", actor=None, system="escalation job",
                  detail=f"reminder sent to {len(people)} people" if people else "posted to the triage channel")
        sent += len(notices)
    # Other kinds of work in the clinicians' queue (referrals awaiting triage...) escalate themselves.
    return sent + clinician_queue.escalate(db=db, now=now, today=today)


def prompt_feedback(*, db: Session, now: datetime) -> int:
    """Ask for feedback an hour after advice, once, and only about recent advice."""
    due = db.scalars(
        select(Consultation)
        .outerjoin(ConsultationFeedback, ConsultationFeedback.consultation_id == Consultation.id)
        .where(Consultation.advised_at <= now - FEEDBACK_PROMPT_AFTER,
               Consultation.advised_at >= now - FEEDBACK_PROMPT_WINDOW,
               Consultation.feedback_prompted_at.is_(None), ConsultationFeedback.id.is_(None))
    )
    sent = 0
    for c in due:
        if not record_once(db=db, key=f"feedback_prompt:{c.reference}", kind="feedback_prompt", consultation_id=c.id):
            continue
        c.feedback_prompted_at = now
        practitioner = db.get(User, c.practitioner_id)
        _send(db, [messages.feedback_prompt(c, Recipient.for_user(practitioner))])
        sent += 1
    return sent


def digest(*, db: Session, now: datetime) -> int:
    """The morning list for each duty clinician (all clinicians when nobody is on the rota)."""
    calendar = calendar_for(db)
    today = calendar.local(now).date()
    if not calendar.is_working_day(today):
        return 0
    queue = list(db.scalars(select(Consultation).where(Consultation.status.in_(OPEN_STATUSES))))
    queue.sort(key=lambda c: rules.queue_order(c.urgency, c.respond_by))
    states = [rules.clock_state(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by) for c in queue]
    counts = {"open": len(queue), "overdue": states.count(rules.OVERDUE), "due_soon": states.count(rules.DUE_SOON),
              "unclaimed": sum(1 for c in queue if c.claimed_by_id is None)}
    lines = [
        f"- {c.reference} · {c.urgency} · {c.district} · "
        f"{rules.time_left_words(calendar, now=now, respond_by=c.respond_by)} · "
        f"{'unclaimed' if c.claimed_by_id is None else 'claimed'}"
        for c in queue[:20]
    ]
    other_lines = clinician_queue.digest_lines(db=db, calendar=calendar, now=now)
    people = on_duty(db, today)
    sent = 0
    for person in people:
        if record_once(db=db, key=f"digest:{today.isoformat()}:{person.id}", kind="digest"):
            _send(db, [messages.digest(Recipient.for_user(person), f"{today:%A %-d %B}", lines, counts,
                                       other_lines)])
            sent += 1
    return sent


@scheduled("consultations.escalate", description="Escalate consultation requests due soon or overdue; feedback prompts",
           cron={"day_of_week": "mon-fri", "hour": "9-16", "minute": "*/15"})
def escalate_job() -> dict[str, int]:
    with session_scope() as db:
        now = clock.now()
        result = {"escalations": escalate(db=db, now=now), "feedback_prompts": prompt_feedback(db=db, now=now)}
    log.info("consultations_escalate", **result)
    return result


@scheduled("consultations.digest", description="09:00 triage digest to the duty clinicians",
           cron={"day_of_week": "mon-fri", "hour": 9, "minute": 0})
def digest_job() -> dict[str, int]:
    with session_scope() as db:
        result = {"digests": digest(db=db, now=clock.now())}
    log.info("consultations_digest", **result)
    return result
