"""The working calendar with the database's closures added to bank holidays."""
from __future__ import annotations

from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from consult.core.models import Closure
from consult.profiles import Profile, active_profile
from consult.workdays import WorkingCalendar, bank_holidays

_CLOSURE_DAYS = select(Closure.day)  # built once (issue 23)
# Built once too, with the range as parameters: building it and its cache key on every request
# cost more than running it (issue 23, the /service page).
_CLOSURES_BETWEEN = select(Closure.day, Closure.reason).where(
    Closure.day >= bindparam("start"), Closure.day < bindparam("end"))


def calendar_for(db: Session, profile: Profile | None = None) -> WorkingCalendar:
    closures = db.scalars(_CLOSURE_DAYS).all()
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
    A caller holding a calendar (`calendar_for(db)`) may pass it: its bank holidays are used."""
    from datetime import timedelta

    end = start + timedelta(days=days)
    # Only bank holidays' names are needed from a calendar, not its closures: no query for those
    # (issue 23), and the few holidays of the years in range rather than a look-up for each day.
    if calendar is not None:
        holidays = calendar.bank_holidays_between(start, end)
    else:
        chosen = profile or active_profile()
        holidays = bank_holidays(chosen.bank_holiday_country, chosen.bank_holiday_subdivision).between(start, end)
    # Rows are (day, reason) already; Result.tuples() warns on every call in this SQLAlchemy.
    names: dict[date, str] = {row[0]: row[1] for row in db.execute(_CLOSURES_BETWEEN, {"start": start, "end": end})}
    names.update((day, name) for day, name in holidays.items() if name)  # a bank holiday's name wins, as before
    return sorted((day, name) for day, name in names.items() if name)
