"""Reminders of triage bookings, sent by `pimh worker` on the working day before.

Idempotent: each booking's `reminder_sent_at` is claimed with a conditional update before the
reminder is queued, so a rerun, a restart or a second worker never sends it twice. A booking
that moves gets its reminder again for the new time.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy.orm import Session

from booking import notices, service
from consult import clock
from consult.core.calendar import calendar_for
from consult.db import session_scope
from consult.jobs import scheduled
from consult.profiles import Profile, active_profile

log = structlog.get_logger(__name__)


def send_due_reminders(*, db: Session, profile: Profile) -> int:
    """On a working day, remind everyone booked up to the end of the next working day (so a
    Friday run covers Saturday's session and Monday). Bookings made today are not reminded:
    their confirmation is still fresh."""
    calendar = calendar_for(db, profile)
    zone = ZoneInfo(profile.timezone)
    today = clock.today_local()
    if not calendar.is_working_day(today):
        return 0
    next_day = calendar.next_working_day(today)
    until = datetime.combine(next_day + timedelta(days=1), time(0), zone)
    start_of_today = datetime.combine(today, time(0), zone)
    sent = 0
    for booking in service.due_for_reminder(db=db, until=until):
        if booking.created_at >= start_of_today:
            continue
        if service.mark_reminded(db=db, booking=booking):
            notices.reminder(db=db, profile=profile, booking=booking)
            sent += 1
    log.info("booking_reminders", sent=sent)
    return sent


@scheduled("booking_reminders", description="Remind practitioners of triage bookings the working day before",
           cron={"day_of_week": "mon-fri", "hour": "9-17", "minute": 5})
def booking_reminders() -> int:
    with session_scope() as db:
        return send_due_reminders(db=db, profile=active_profile())
