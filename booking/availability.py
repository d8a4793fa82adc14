"""Who holds triage when, as pure functions over plain values (no database, no clock).

A clinician's weekly rota and one-off exceptions give their windows on a day; the service
profile gives the windows the service runs at all (core hours on working weekdays, evening and
Saturday sessions). Slots come only from the overlap, so a rota can never offer a time the
service is closed, and bank holidays and training days remove the whole day.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from consult.profiles import WEEKDAYS, Profile

METHODS: tuple[str, ...] = ("phone", "video", "in_person")


@dataclass(frozen=True)
class WeeklyRule:
    clinician_id: int
    weekday: int  # Monday 0 ... Sunday 6
    starts: time
    ends: time
    methods: tuple[str, ...]
    family_hub: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None

    def applies_on(self, day: date) -> bool:
        return (
            day.weekday() == self.weekday
            and (self.valid_from is None or day >= self.valid_from)
            and (self.valid_until is None or day <= self.valid_until)
        )


@dataclass(frozen=True)
class OneOff:
    """`away` removes the whole day (no times) or one window; `extra` adds a window."""

    clinician_id: int
    day: date
    kind: str
    starts: time | None = None
    ends: time | None = None
    methods: tuple[str, ...] = ("phone", "video")
    family_hub: str | None = None


@dataclass(frozen=True)
class Window:
    clinician_id: int
    starts: time
    ends: time
    methods: tuple[str, ...]
    family_hub: str | None = None


def parse_methods(value: str) -> tuple[str, ...]:
    return tuple(m for m in (part.strip() for part in value.split(",")) if m in METHODS)


def week_of_month(day: date) -> int:
    """1 for the first seven days of the month (the first Saturday is in week 1), and so on."""
    return (day.day - 1) // 7 + 1


def service_windows(profile: Profile, day: date) -> list[tuple[time, time]]:
    """When the service runs on `day`, closures aside: core hours and any extra session."""
    weekday = WEEKDAYS[day.weekday()]
    windows = []
    if weekday in profile.office_hours.days:
        windows.append((profile.office_hours.opens, profile.office_hours.closes))
    for session in profile.extra_sessions:
        if session.weekday == weekday and (not session.weeks_of_month or week_of_month(day) in session.weeks_of_month):
            windows.append((session.starts, session.ends))
    return sorted(windows)


def _subtract(window: Window, away_from: time, away_to: time) -> list[Window]:
    if away_to <= window.starts or away_from >= window.ends:
        return [window]
    pieces = []
    if away_from > window.starts:
        pieces.append(Window(window.clinician_id, window.starts, away_from, window.methods, window.family_hub))
    if away_to < window.ends:
        pieces.append(Window(window.clinician_id, away_to, window.ends, window.methods, window.family_hub))
    return pieces


def clinician_windows(day: date, rules: list[WeeklyRule], one_offs: list[OneOff]) -> list[Window]:
    """Every clinician's triage windows on `day` after their exceptions."""
    windows = [
        Window(r.clinician_id, r.starts, r.ends, r.methods, r.family_hub) for r in rules if r.applies_on(day)
    ]
    todays = [o for o in one_offs if o.day == day]
    windows += [
        Window(o.clinician_id, o.starts, o.ends, o.methods, o.family_hub)
        for o in todays
        if o.kind == "extra" and o.starts is not None and o.ends is not None
    ]
    for away in (o for o in todays if o.kind == "away"):
        kept: list[Window] = []
        for window in windows:
            if window.clinician_id != away.clinician_id:
                kept.append(window)
            elif away.starts is None or away.ends is None:
                continue  # away all day
            else:
                kept += _subtract(window, away.starts, away.ends)
        windows = kept
    return windows


def clip(window: Window, allowed: list[tuple[time, time]]) -> list[Window]:
    """The parts of a clinician's window that fall inside the service's own windows."""
    parts = []
    for opens, closes in allowed:
        lo, hi = max(window.starts, opens), min(window.ends, closes)
        if lo < hi:
            parts.append(Window(window.clinician_id, lo, hi, window.methods, window.family_hub))
    return parts
