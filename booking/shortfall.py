"""When no triage slot is free within the acknowledgement time limit, say so and count it.

The service promises a response within `time_limits.acknowledge_working_days`; a booking page
that can only offer a later slot is a shortfall in capacity the commissioner needs to see, so
each day and method that happens gets one row with a count (reloading the page adds to the
count, not new rows).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from booking import slot_cache
from booking.models import BookingShortfall
from booking.slots import Slot
from consult import clock
from consult.core.calendar import calendar_for
from consult.profiles import Profile


@dataclass(frozen=True)
class Shortfall:
    limit_at: datetime
    earliest_free_at: datetime | None


def acknowledgement_limit(*, db: Session, profile: Profile) -> datetime:
    # The calendar (the closures) is kept until a closure changes, as the free slots are: /book asks on
    # every visit (issue 23). Kept with its profile, so an altered copy (a test's) never gets another's.
    kept_for, calendar = slot_cache.remembered(db, slot_cache.AVAILABILITY, ("calendar", id(profile)),
                                               lambda: (profile, calendar_for(db, profile)))
    if kept_for is not profile:
        calendar = calendar_for(db, profile)
    return calendar.add_working_days_in_hours(clock.now(), profile.time_limits.acknowledge_working_days)


def check(*, db: Session, profile: Profile, free: list[Slot], method: str | None) -> Shortfall | None:
    """`free` must be every free slot from now on (ordered); None when one starts in time."""
    limit_at = acknowledgement_limit(db=db, profile=profile)
    earliest = free[0].start if free else None
    if earliest is not None and earliest <= limit_at:
        return None
    _count(db=db, method=method or "any", limit_at=limit_at, earliest=earliest)
    return Shortfall(limit_at, earliest)


def _count(*, db: Session, method: str, limit_at: datetime, earliest: datetime | None) -> None:
    now = clock.now()
    values = dict(day=clock.today_local(), method=method, occurrences=1, limit_at=limit_at,
                  earliest_free_at=earliest, first_seen_at=now, last_seen_at=now)
    dialect = sqlite if db.get_bind().dialect.name == "sqlite" else postgresql
    statement = dialect.insert(BookingShortfall).values(**values)
    # An upsert, so two people seeing the shortfall at once never collide on the unique key.
    statement = statement.on_conflict_do_update(
        index_elements=["day", "method"],
        set_={
            "occurrences": BookingShortfall.occurrences + 1, "last_seen_at": now,
            "limit_at": limit_at, "earliest_free_at": earliest,
        },
    )
    db.execute(statement)


def recorded(*, db: Session, since_days: int = 90) -> list[BookingShortfall]:
    start = clock.today_local() - timedelta(days=since_days)
    return list(db.scalars(select(BookingShortfall).where(BookingShortfall.day >= start).order_by(BookingShortfall.day)))
