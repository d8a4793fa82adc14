"""The working-day calendar: bank holidays, office hours, closures, and time counted in working hours.

Instants go in and come out as aware datetimes (returned in UTC); office hours are wall-clock
times in the profile's zone, so a clock change never moves 09:00. Pure: closures are passed in
(see `consult.closures.calendar_for` for the database-backed calendar).
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from consult.profiles import Profile

ZERO = timedelta(0)


class BankHolidays:
    """One country's bank holidays, worked out once per year and kept: `holidays` builds every
    year's list afresh for each new object, and pages make calendars on every request."""

    def __init__(self, country: str, subdivision: str | None) -> None:
        self.country, self.subdivision = country, subdivision
        self._years: dict[int, dict[date, str]] = {}
        self._lock = threading.Lock()

    def _year(self, year: int) -> dict[date, str]:
        found = self._years.get(year)
        if found is None:
            with self._lock:
                found = self._years.get(year)
                if found is None:
                    import holidays  # a quarter of a second to import: paid on the first page that needs it, not at start-up

                    found = dict(holidays.country_holidays(self.country, subdiv=self.subdivision, years=year))
                    self._years[year] = found
        return found

    def get(self, day: date) -> str | None:
        return self._year(day.year).get(day)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and day in self._year(day.year)

    def between(self, start: date, end: date) -> dict[date, str]:
        """The bank holidays in [start, end), by day: a few per year, rather than a look-up per day."""
        return {day: name for year in range(start.year, end.year + 1) for day, name in self._year(year).items()
                if start <= day < end}


_bank_holidays: dict[tuple[str, str | None], BankHolidays] = {}


def bank_holidays(country: str, subdivision: str | None) -> BankHolidays:
    key = (country, subdivision)
    if key not in _bank_holidays:
        _bank_holidays[key] = BankHolidays(country, subdivision)
    return _bank_holidays[key]


class WorkingCalendar:
    def __init__(self, profile: Profile, closures: Iterable[date] = ()) -> None:
        self.zone = ZoneInfo(profile.timezone)
        self.opens: time = profile.office_hours.opens
        self.closes: time = profile.office_hours.closes
        self.weekdays = profile.working_weekdays
        self.closures = frozenset(closures)
        self._holidays = bank_holidays(profile.bank_holiday_country, profile.bank_holiday_subdivision)
        self.day_length = self._span(date(2000, 1, 3))

    # -- days --------------------------------------------------------------------------------
    def bank_holiday_name(self, day: date) -> str | None:
        return self._holidays.get(day)

    def bank_holidays_between(self, start: date, end: date) -> dict[date, str]:
        return self._holidays.between(start, end)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.weekdays and day not in self._holidays and day not in self.closures

    def next_working_day(self, day: date, *, include_today: bool = False) -> date:
        if not include_today:
            day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, day: date, n: int) -> date:
        """The working day `n` working days after `day` (n >= 0; 0 gives the day itself if working)."""
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return self.next_working_day(day, include_today=True)
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in the half-open range [start, end)."""
        count, day = 0, start
        while day < end:
            count += self.is_working_day(day)
            day += timedelta(days=1)
        return count

    # -- instants ----------------------------------------------------------------------------
    def local(self, instant: datetime) -> datetime:
        if instant.tzinfo is None:
            raise ValueError("working-time arithmetic needs aware datetimes")
        return instant.astimezone(self.zone)

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.opens, self.zone).astimezone(UTC)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.closes, self.zone).astimezone(UTC)

    def is_open(self, instant: datetime) -> bool:
        day = self.local(instant).date()
        return self.is_working_day(day) and self.opening(day) <= instant < self.closing(day)

    def next_opening(self, instant: datetime) -> datetime:
        """`instant` itself when the service is open then, otherwise the next time it opens."""
        day = self.local(instant).date()
        if self.is_working_day(day):
            if instant < self.opening(day):
                return self.opening(day)
            if instant < self.closing(day):
                return instant.astimezone(UTC)
        return self.opening(self.next_working_day(day))

    def add_working_time(self, instant: datetime, amount: timedelta) -> datetime:
        """The instant `amount` of open time after `instant`; lands on a closing time rather
        than the next opening when the amount runs out exactly at the end of a day."""
        if amount < ZERO:
            raise ValueError("amount must not be negative")
        current = self.next_opening(instant)
        remaining = amount
        while True:
            day = self.local(current).date()
            available = self.closing(day) - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = self.opening(self.next_working_day(day))

    def add_working_hours(self, instant: datetime, hours: float) -> datetime:
        return self.add_working_time(instant, timedelta(hours=hours))

    def add_working_days_in_hours(self, instant: datetime, days: int) -> datetime:
        """`days` working days counted in working hours: Monday 10:00 + 2 gives Wednesday 10:00."""
        return self.add_working_time(instant, self.day_length * days)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open time in [start, end); negative when end is before start."""
        if end < start:
            return -self.working_time_between(end, start)
        total = ZERO
        day = self.local(start).date()
        last = self.local(end).date()
        while day <= last:
            if self.is_working_day(day):
                lo = max(start, self.opening(day))
                hi = min(end, self.closing(day))
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        return self.working_time_between(start, end).total_seconds() / 3600

    def _span(self, day: date) -> timedelta:
        return datetime.combine(day, self.closes) - datetime.combine(day, self.opens)
