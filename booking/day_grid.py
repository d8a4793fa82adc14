"""The days and free times the booking pages list (/book and a booking's reschedule page), and the
chosen time as those pages read it: shared by booking/pages.py and booking/manage_pages.py."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from booking import rota, service
from booking.slots import Slot
from consult.core.types import parse_day
from consult.profiles import Profile

PAGE_DAYS = 14
DAYS_SHOWN = 5  # days listed at first on /book and the reschedule page; "Show more days" adds as many again, up to the page's 14


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)
    closed: str | None = None
    ways: dict[str, str] = field(default_factory=dict)  # slot id: how or where ("phone or video", a Family Hub)

    @property
    def common_ways(self) -> str | None:
        """How every time of the day can be held, when that is the same for all: said once under
        the day's heading instead of under each time, which keeps the grid of times short."""
        found = set(self.ways.values())
        return found.pop() if len(found) == 1 else None


def _ways(slot: Slot, method: str | None) -> str:
    if slot.family_hub and (not method or method == "in_person"):
        return f"{slot.family_hub} or remote" if not method else slot.family_hub
    if "video" in slot.methods and "phone" in slot.methods:
        return "phone or video"
    return " or ".join(m.replace("_", " ") for m in slot.methods)


def by_day(profile: Profile, free: list[Slot], start: date, closures: list[tuple[date, str]],
          method: str | None = None) -> list[Day]:
    """Free times grouped by local day; one entry per time even when several clinicians are free
    then (the practitioner chooses a time, not a person)."""
    zone = ZoneInfo(profile.timezone)
    days = {d: Day(d, closed=reason) for d, reason in closures}
    for local_day, group in groupby(free, key=lambda s: s.start.astimezone(zone).date()):
        seen: set[tuple[datetime, str | None]] = set()
        entry = days.setdefault(local_day, Day(local_day))
        for slot in group:
            if (slot.start, slot.family_hub) not in seen:
                seen.add((slot.start, slot.family_hub))
                entry.slots.append(slot)
                entry.ways[slot.id] = _ways(slot, method)
    return [days[d] for d in sorted(days) if d >= start]


def days_shown(value: str | None) -> int:
    """How many days to list: a number the "Show more days" link made, else the first few."""
    value = (value or "").strip()
    return min(int(value), PAGE_DAYS) if value.isdigit() and len(value) <= 2 and int(value) > 0 else DAYS_SHOWN


def page_start(value: str | None, today: date, profile: Profile) -> date:
    try:
        chosen = parse_day(value) if value else today
    except ValueError:
        chosen = today
    return min(max(chosen, today), today + timedelta(days=profile.booking.horizon_days))


def slot_or_none(db: Session, profile: Profile, slot_id: str, method: str | None) -> tuple[Slot | None, str | None]:
    try:
        slot = service.check_slot(db=db, profile=profile, slot_id=slot_id, method=method or "phone")
    except service.SlotUnavailable as exc:
        if exc.code != "method_not_offered":
            return None, exc.message
        slot = rota.find_slot(db=db, profile=profile, slot_id=slot_id)  # type: ignore[assignment]
    except service.InvalidBooking as exc:
        return None, exc.message
    return slot, None


def slot_when(profile: Profile, slot: Slot) -> str:
    zone = ZoneInfo(profile.timezone)
    return f"{slot.start.astimezone(zone):%A %-d %B %Y, %H:%M} to {slot.end.astimezone(zone):%H:%M}"
