"""The triage rota in the database: weekly rules, exceptions, closures, and the slots they make.

Reading functions turn rows into the pure values of `booking.availability` and hand them to
`booking.slots`; nothing here decides what is bookable on its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from booking import slot_cache
from booking.availability import METHODS, OneOff, WeeklyRule, parse_methods
from booking.models import AvailabilityException, AvailabilityRule, Booking, BookingStatus
from booking.slots import Slot, generate_slots, parse_slot_id, slots_on
from consult.auth.models import Role, User
from consult.core.calendar import calendar_for
from consult.core.errors import Invalid
from consult.profiles import Profile
from consult.workdays import WorkingCalendar


class RotaError(Invalid, ValueError):
    """A rota change that cannot be made (422); the message says why in plain words."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        Invalid.__init__(self, field, "value_error", message)


@dataclass(frozen=True)
class Rota:
    rules: list[WeeklyRule]
    one_offs: list[OneOff]
    calendar: WorkingCalendar

    def closed(self, day: date) -> bool:
        """Bank holidays and service closures (training days) shut triage, Saturdays included."""
        return self.calendar.bank_holiday_name(day) is not None or day in self.calendar.closures


def load_rota(*, db: Session, profile: Profile, start: date, end: date, clinician_id: int | None = None) -> Rota:
    rules_q = select(AvailabilityRule)
    offs_q = select(AvailabilityException).where(AvailabilityException.day >= start, AvailabilityException.day < end)
    if clinician_id is not None:
        rules_q = rules_q.where(AvailabilityRule.clinician_id == clinician_id)
        offs_q = offs_q.where(AvailabilityException.clinician_id == clinician_id)
    rules = [
        WeeklyRule(r.clinician_id, r.weekday, r.starts, r.ends, parse_methods(r.methods), r.family_hub, r.valid_from, r.valid_until)
        for r in db.scalars(rules_q)
    ]
    one_offs = [
        OneOff(o.clinician_id, o.day, o.kind, o.starts, o.ends, parse_methods(o.methods), o.family_hub)
        for o in db.scalars(offs_q)
    ]
    return Rota(rules, one_offs, calendar_for(db, profile))


def all_slots(*, db: Session, profile: Profile, start: date, days: int) -> list[Slot]:
    def generate() -> tuple[Profile, tuple[Slot, ...]]:
        rota = load_rota(db=db, profile=profile, start=start, end=start + timedelta(days=days))
        return profile, tuple(generate_slots(start=start, days=days, profile=profile, rules=rota.rules,
                                             one_offs=rota.one_offs, closed=rota.closed))

    # Kept until the rota or a closure changes (booking/slot_cache.py); the profile object is kept
    # with them, so a different profile (a test's altered copy) never gets another's slots.
    kept_for, slots = slot_cache.remembered(db, slot_cache.AVAILABILITY, (id(profile), start, days), generate)
    if kept_for is not profile:
        slots = generate()[1]
    return list(slots)


def find_slot(*, db: Session, profile: Profile, slot_id: str) -> Slot | None:
    """The slot an id names, regenerated from today's rota and closures (None if it is not in it)."""
    parsed = parse_slot_id(slot_id)
    if parsed is None:
        return None
    clinician_id, start = parsed
    day = start.astimezone(ZoneInfo(profile.timezone)).date()
    rota = load_rota(db=db, profile=profile, start=day, end=day + timedelta(days=1), clinician_id=clinician_id)
    for slot in slots_on(day, profile=profile, rules=rota.rules, one_offs=rota.one_offs, closed=rota.closed):
        if slot.start == start:
            return slot
    return None


def taken(*, db: Session, start: datetime, end: datetime) -> set[tuple[int, datetime]]:
    def read() -> frozenset[tuple[int, datetime]]:
        rows = db.execute(
            select(Booking.clinician_id, Booking.starts_at).where(
                Booking.status != BookingStatus.cancelled, Booking.starts_at >= start, Booking.starts_at < end
            )
        )
        return frozenset((clinician_id, starts_at) for clinician_id, starts_at in rows)

    return set(slot_cache.remembered(db, slot_cache.BOOKINGS, (start, end), read))  # until a booking changes


def clinician_names(*, db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


# -- changes ---------------------------------------------------------------------------------
def _check_window(profile: Profile, starts: time, ends: time, methods: tuple[str, ...], family_hub: str | None) -> str:
    if starts >= ends:
        raise RotaError("The start time must be before the end time.")
    if not methods:
        raise RotaError(f"Choose at least one method: {', '.join(METHODS)}.")
    hubs = {h.name for h in profile.booking.family_hubs}
    if "in_person" in methods and family_hub not in hubs:
        raise RotaError(f"In-person triage needs one of the Family Hubs: {', '.join(sorted(hubs))}.")
    if family_hub is not None and family_hub not in hubs:
        raise RotaError(f"Unknown Family Hub {family_hub!r}.")
    return ",".join(methods)


def _clinician(db: Session, clinician_id: int) -> User:
    user = db.get(User, clinician_id)
    if user is None or not user.has_role(Role.clinician):
        raise RotaError("Triage availability can only be given to an active clinician.")
    return user


def add_weekly_rule(
    *, db: Session, profile: Profile, clinician_id: int, weekday: int, starts: time, ends: time,
    methods: tuple[str, ...] = ("phone", "video"), family_hub: str | None = None,
    valid_from: date | None = None, valid_until: date | None = None,
) -> AvailabilityRule:
    _clinician(db, clinician_id)
    if not 0 <= weekday <= 6:
        raise RotaError("weekday must be 0 (Monday) to 6 (Sunday).")
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise RotaError("valid_until must be on or after valid_from.", field="valid_until")
    joined = _check_window(profile, starts, ends, methods, family_hub)
    rule = AvailabilityRule(
        clinician_id=clinician_id, weekday=weekday, starts=starts, ends=ends, methods=joined,
        family_hub=family_hub, valid_from=valid_from, valid_until=valid_until,
    )
    db.add(rule)
    db.flush()
    return rule


def add_exception(
    *, db: Session, profile: Profile, clinician_id: int, day: date, kind: str, starts: time | None = None,
    ends: time | None = None, methods: tuple[str, ...] = ("phone", "video"), family_hub: str | None = None,
    reason: str = "",
) -> AvailabilityException:
    """Away for a day or a window, or an extra window. Bookings already made are not touched:
    the clinician cancels or reassigns them, so a practitioner is never dropped silently."""
    _clinician(db, clinician_id)
    if kind not in ("away", "extra"):
        raise RotaError("kind must be 'away' or 'extra'.")
    if (starts is None) != (ends is None):
        raise RotaError("Give both a start and an end time, or neither (away all day).")
    if kind == "extra" and starts is None:
        raise RotaError("An extra window needs a start and an end time.")
    joined = _check_window(profile, starts, ends, methods, family_hub) if starts and ends else ",".join(methods)
    exception = AvailabilityException(
        clinician_id=clinician_id, day=day, kind=kind, starts=starts, ends=ends, methods=joined,
        family_hub=family_hub, reason=reason[:200],
    )
    db.add(exception)
    db.flush()
    return exception
