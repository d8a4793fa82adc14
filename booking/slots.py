"""Slot generation and the bookability guard, as pure functions.

Slots are laid out in the profile's wall-clock time (09:00, 09:30 ... in Europe/London) and
returned as UTC instants, so the clocks changing never moves a 09:00 slot to 08:00 or 10:00.
A slot's id is derived from its clinician and its UTC start, so it is stable across requests
and parses back to the same slot; the guard regenerates the slot from the rota before any
booking or move, which is how limits cannot be bypassed by editing a URL or calling the API.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from booking.availability import OneOff, WeeklyRule, clinician_windows, clip, service_windows
from consult.core.types import EARLIEST, INT32_MAX, LATEST
from consult.profiles import Profile

_SLOT_ID = re.compile(r"^(\d{1,9})-(\d{8}T\d{4})Z$")


@dataclass(frozen=True)
class Slot:
    clinician_id: int
    start: datetime  # aware UTC
    end: datetime
    methods: tuple[str, ...]
    family_hub: str | None = None

    @cached_property  # slots are kept between requests (booking/slot_cache.py), and so is this
    def id(self) -> str:
        return slot_id(self.clinician_id, self.start)


def slot_id(clinician_id: int, start: datetime) -> str:
    return f"{clinician_id}-{start.astimezone(UTC):%Y%m%dT%H%M}Z"


def parse_slot_id(value: str) -> tuple[int, datetime] | None:
    match = _SLOT_ID.match(value or "")
    if not match:
        return None
    try:
        start = datetime.strptime(match.group(2), "%Y%m%dT%H%M").replace(tzinfo=UTC)
    except ValueError:
        return None
    clinician_id = int(match.group(1))
    # Years 0001 or 9999 parse, but the local day and the day after overflow the calendar:
    # such an id names no slot, like any other that is not in the rota.
    if not (1 <= clinician_id <= INT32_MAX and EARLIEST <= start.date() <= LATEST):
        return None
    return clinician_id, start


def _wall_instant(naive: datetime, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall time, or None when the clocks skip over it."""
    aware = naive.replace(tzinfo=zone)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return utc


def _wall_steps(wall: datetime, stop: datetime, length: timedelta, zone: ZoneInfo) -> Iterator[tuple[datetime, datetime]]:
    """[start, end) instants of consecutive `length` steps of wall time from `wall` to `stop`."""
    first, last = _wall_instant(wall, zone), _wall_instant(stop, zone)
    if first is not None and last is not None and last - first == stop - wall:
        # No clock change inside the window (the usual case): plain arithmetic on instants.
        start = first
        while start + length <= last:
            yield start, start + length
            start += length
        return
    while wall + length <= stop:
        start, end = _wall_instant(wall, zone), _wall_instant(wall + length, zone)  # type: ignore[assignment]
        # A step the clocks cut short or stretch (at night, never in service hours) is no slot.
        if start is not None and end is not None and end - start == length:
            yield start, end
        wall += length


def slots_on(
    day: date,
    *,
    profile: Profile,
    rules: list[WeeklyRule],
    one_offs: list[OneOff],
    closed: Callable[[date], bool],
) -> list[Slot]:
    if closed(day):
        return []
    zone = ZoneInfo(profile.timezone)
    length = timedelta(minutes=profile.booking.slot_minutes)
    allowed = service_windows(profile, day)
    found: dict[tuple[int, datetime], Slot] = {}
    for window in clinician_windows(day, rules, one_offs):
        for part in clip(window, allowed):
            for start, end in _wall_steps(datetime.combine(day, part.starts), datetime.combine(day, part.ends), length, zone):
                # Overlapping rota rows for one clinician must not make the same slot twice.
                found.setdefault((part.clinician_id, start), Slot(part.clinician_id, start, end, part.methods, part.family_hub))
    return sorted(found.values(), key=lambda s: (s.start, s.clinician_id))


def generate_slots(
    *,
    start: date,
    days: int,
    profile: Profile,
    rules: list[WeeklyRule],
    one_offs: list[OneOff],
    closed: Callable[[date], bool],
) -> list[Slot]:
    """Every slot in the rota on the local days [start, start + days), booked or not."""
    slots: list[Slot] = []
    for offset in range(days):
        slots += slots_on(start + timedelta(days=offset), profile=profile, rules=rules, one_offs=one_offs, closed=closed)
    return slots


def earliest_bookable(profile: Profile, now: datetime) -> datetime:
    return now + timedelta(hours=profile.booking.minimum_notice_hours)


def latest_bookable(profile: Profile, now: datetime) -> datetime:
    return now + timedelta(days=profile.booking.horizon_days)


def why_not_bookable(
    slot: Slot | None,
    *,
    method: str,
    profile: Profile,
    now: datetime,
    taken: bool,
) -> str | None:
    """None when `slot` may be booked now by `method`; otherwise a problem code.

    Codes: no_such_slot (not in the rota, closed, or never existed), too_soon (inside the
    minimum notice, or already past), too_far (beyond the booking horizon), method_not_offered,
    taken (another active booking holds it)."""
    if slot is None:
        return "no_such_slot"
    if slot.start < earliest_bookable(profile, now):
        return "too_soon"
    if slot.start >= latest_bookable(profile, now):
        return "too_far"
    if method not in slot.methods:
        return "method_not_offered"
    if taken:
        return "taken"
    return None


def free_slots(
    slots: Iterable[Slot],
    *,
    taken: set[tuple[int, datetime]],
    profile: Profile,
    now: datetime,
    method: str | None = None,
) -> list[Slot]:
    """The slots that could be booked now: free, far enough ahead, within the horizon (the same
    tests as `why_not_bookable`, with the bounds worked out once for the whole list)."""
    earliest, latest = earliest_bookable(profile, now), latest_bookable(profile, now)
    return [s for s in unbooked(slots, taken=taken, method=method) if earliest <= s.start < latest]


def unbooked(slots: Iterable[Slot], *, taken: set[tuple[int, datetime]] | frozenset[tuple[int, datetime]],
             method: str | None = None) -> list[Slot]:
    """The slots nobody holds (and that offer `method`), whatever the time: what `free_slots` keeps
    before the clock's bounds, which only cut the front and the back of a list in start order."""
    return [s for s in slots if (method is None or method in s.methods) and (s.clinician_id, s.start) not in taken]
