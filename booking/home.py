"""Triage booking's home-page panels (consult/home.py): a practitioner's next triage booking and a
clinician's triage bookings today. Times, methods and references only."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking import service
from booking.models import Booking, BookingStatus
from booking.present import METHOD_LABELS
from consult.auth.models import Role, User
from consult.home import HomeLine, HomePanel
from consult.workdays import WorkingCalendar


def next_booking(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """A practitioner's coming triage bookings, the next first."""
    if viewer.has_role(Role.clinician):
        return None
    coming = list(db.scalars(select(Booking).where(
        Booking.user_id == viewer.id, Booking.status == BookingStatus.booked, Booking.starts_at >= now,
    ).order_by(Booking.starts_at).limit(3)))
    lines = tuple(HomeLine(f"{calendar.local(b.starts_at):%a %-d %b %H:%M}", f"/book/manage/{b.reference}", b.reference,
                           METHOD_LABELS.get(b.method, b.method) + (f", {b.family_hub}" if b.family_hub else ""))
                  for b in coming)
    return HomePanel("Your next triage booking" if len(lines) <= 1 else "Your next triage bookings", lines,
                     empty="No triage discussion booked.", more=("/book", "Book a triage discussion"), order=20)


def today_for_clinician(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """The triage bookings this clinician holds today, in time order."""
    if not viewer.has_role(Role.clinician) or viewer.has_role(Role.manager):
        return None
    today = calendar.local(now).date()
    start = datetime.combine(today, time(0), calendar.local(now).tzinfo)
    found = [b for b in service.clinician_bookings(db=db, start=start, end=start + timedelta(days=1), clinician_id=viewer.id)
             if b.status != BookingStatus.cancelled]
    lines = tuple(HomeLine(f"{calendar.local(b.starts_at):%H:%M} · {METHOD_LABELS.get(b.method, b.method)}",
                           "/book/clinic", b.reference,
                           " · ".join(p for p in (b.practitioner_role, b.district) if p)) for b in found)
    return HomePanel("Your triage bookings today", lines, empty="No triage bookings with you today.",
                     more=("/book/clinic", "Triage bookings this week"), order=30)
