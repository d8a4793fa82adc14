"""The one injectable clock. Domain code asks `clock.now()`; tests freeze it."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FrozenClock(Clock):
    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a frozen clock needs an aware datetime")
        self.at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta

    def set(self, at: datetime) -> None:
        self.at = at.astimezone(UTC)


_current: Clock = Clock()


def now() -> datetime:
    """The current instant, timezone-aware UTC."""
    return _current.now()


def today_local() -> date:
    return now().astimezone(LONDON).date()


def use(clock: Clock) -> Clock:
    """Install a clock (tests, benchmarks); returns the previous one."""
    global _current
    previous, _current = _current, clock
    return previous
