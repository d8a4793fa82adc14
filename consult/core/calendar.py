"""The working calendar with the database's closures added to bank holidays."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.core.models import Closure
from consult.profiles import Profile, active_profile
from consult.workdays import WorkingCalendar


def calendar_for(db: Session, profile: Profile | None = None) -> WorkingCalendar:
    closures = db.scalars(select(Closure.day)).all()
    return WorkingCalendar(profile or active_profile(), closures)


def add_closure(*, db: Session, day: date, reason: str) -> Closure:
    closure = db.scalar(select(Closure).where(Closure.day == day))
    if closure is None:
        closure = Closure(day=day, reason=reason)
        db.add(closure)
    else:
        closure.reason = reason
    db.flush()
    return closure


def upcoming_closures(*, db: Session, start: date, days: int, profile: Profile | None = None,
                      calendar: WorkingCalendar | None = None) -> list[tuple[date, str]]:
    """Bank holidays and closures in [start, start + days), for pages that tell people when we are shut.
    A caller that already holds `calendar_for(db)` passes it, saving the query that builds it."""
    from datetime import timedelta

    calendar = calendar or calendar_for(db, profile)
    reasons = {c.day: c.reason for c in db.scalars(select(Closure).where(Closure.day >= start)).all()}
    found = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        name = calendar.bank_holiday_name(day) or reasons.get(day)
        if name:
            found.append((day, name))
    return found
