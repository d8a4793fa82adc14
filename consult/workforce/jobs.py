"""Worker jobs: keep each group's monthly sessions scheduled ahead, and remind people before
supervision and training. Each acts only on what it finds not yet done, so reruns repeat nothing."""
from __future__ import annotations

from datetime import timedelta

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.db import session_scope
from consult.jobs import scheduled
from consult.notify import Notice, Recipient, queue
from consult.profiles import Profile, active_profile
from consult.workforce.models import (
    BookingStatus,
    SessionStatus,
    SupervisionSession,
    TrainingBooking,
    TrainingSession,
)
from consult.workforce.rules import local_text as _local
from consult.workforce.supervision import members_on, schedule_ahead

log = structlog.get_logger(__name__)


@scheduled("workforce-schedule-supervision", description="Add monthly supervision sessions up to the profile's horizon",
           cron={"hour": 6, "minute": 10})
def schedule_supervision() -> int:
    with session_scope() as db:
        added = schedule_ahead(db=db)
    log.info("supervision_scheduled", added=added)
    return added


def send_supervision_reminders(*, db: Session, profile: Profile | None = None) -> int:
    profile = profile or active_profile()
    now = clock.now()
    due = db.scalars(select(SupervisionSession).where(
        SupervisionSession.status == SessionStatus.scheduled, SupervisionSession.reminder_sent_at.is_(None),
        SupervisionSession.starts_at > now,
        SupervisionSession.starts_at <= now + timedelta(days=profile.supervision.reminder_days_before),
    )).all()
    sent = 0
    for session in due:
        group = session.group
        day = clock.today_local()
        where = f" at {group.location}" if group.location else ""
        for membership in members_on(db=db, group_id=group.id, on=day):
            queue(db, Notice(
                kind="supervision_reminder", subject=f"Group supervision on {_local(session.starts_at)}",
                text=f"Reminder: {group.name} meets on {_local(session.starts_at)}{where}. "
                     "If you cannot come, let your supervisor know so we can record your apologies.",
                recipient=Recipient.for_user(membership.user), link="/supervision",
                data={"session_id": session.id, "group_id": group.id, "starts_at": session.starts_at.isoformat()},
            ))
            sent += 1
        session.reminder_sent_at = now
    db.flush()
    return sent


def send_training_reminders(*, db: Session, profile: Profile | None = None) -> int:
    profile = profile or active_profile()
    now = clock.now()
    horizon = now + timedelta(days=profile.training.reminder_days_before)
    first_day = (select(TrainingSession.course_id, func.min(TrainingSession.starts_at).label("first"))
                 .group_by(TrainingSession.course_id).subquery())
    bookings = db.scalars(select(TrainingBooking).join(first_day, first_day.c.course_id == TrainingBooking.course_id).where(
        TrainingBooking.status == BookingStatus.booked, TrainingBooking.reminder_sent_at.is_(None),
        first_day.c.first > now, first_day.c.first <= horizon,
    )).all()
    sent = 0
    for booking in bookings:
        first = booking.course.sessions[0]
        queue(db, Notice(
            kind="training_reminder", subject=f"{booking.course.title} starts {_local(first.starts_at)}",
            text=f"Your place on {booking.course.title} ({booking.reference}) starts on {_local(first.starts_at)} "
                 f"at {first.venue}. If you can no longer come, cancel so the next person on the waiting list gets your place.",
            recipient=Recipient.for_user(booking.user), reference=booking.reference, link="/training/bookings",
        ))
        booking.reminder_sent_at = now
        sent += 1
    db.flush()
    return sent


@scheduled("workforce-reminders", description="Remind members before supervision and delegates before training",
           cron={"hour": 8, "minute": 5})
def reminders() -> int:
    with session_scope() as db:
        sent = send_supervision_reminders(db=db) + send_training_reminders(db=db)
    log.info("workforce_reminders", sent=sent)
    return sent
