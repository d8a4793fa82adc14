"""Reporting periods: calendar quarters ("2026Q3"), financial years and free date ranges.

A period is half-open, [start, end) in London dates, so quarters and months join without
overlap. Quarters are calendar quarters (2026Q3 is July to September), as in api.md; the
annual statement uses the NHS financial year (1 April to 31 March).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from consult import clock
from consult.clock import LONDON
from consult.core.errors import Invalid

# Bounded spaces: two `\s*` either side of an optional "-" split a long run of spaces every way (quadratic).
QUARTER = re.compile(r"^\s{0,5}(\d{4})\s{0,5}-?\s{0,5}Q([1-4])\s{0,5}$", re.IGNORECASE)
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class PeriodError(Invalid, ValueError):
    """A period the caller asked for is malformed (422); the message says what is expected."""

    def __init__(self, message: str) -> None:
        Invalid.__init__(self, None, "period", message)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # exclusive
    label: str

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time(0), LONDON)

    @property
    def end_at(self) -> datetime:
        return datetime.combine(self.end, time(0), LONDON)

    def weeks(self) -> list[str]:
        """The Monday ("2026-11-23") of every week the period touches, in order."""
        monday = self.start - timedelta(days=self.start.weekday())
        out = []
        while monday < self.end:
            out.append(monday.isoformat())
            monday += timedelta(days=7)
        return out

    def months(self) -> list[str]:
        """Every month ("2026-07") the period touches, in order."""
        out, year, month = [], self.start.year, self.start.month
        while date(year, month, 1) < self.end:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


def quarter(text: str) -> Period:
    match = QUARTER.match(text or "")
    if not match:
        raise PeriodError("quarter must look like 2026Q3 (a year, Q, and 1 to 4)")
    year, number = int(match.group(1)), int(match.group(2))
    if not 2000 <= year <= 2100:
        raise PeriodError("quarter must be in a year from 2000 to 2100")
    start = date(year, 3 * number - 2, 1)
    end = date(year + 1, 1, 1) if number == 4 else date(year, 3 * number + 1, 1)
    return Period(start, end, f"{year}Q{number}")


def quarter_of(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def previous_quarter(today: date | None = None) -> Period:
    """The last complete quarter: what a manager reports on by default."""
    today = today or clock.today_local()
    this = quarter(quarter_of(today))
    return quarter(quarter_of(this.start - timedelta(days=1)))


def recent_quarters(count: int = 8, today: date | None = None) -> list[str]:
    """The current quarter and the ones before it, newest first (for selectors)."""
    day = today or clock.today_local()
    labels = []
    for _ in range(count):
        label = quarter_of(day)
        labels.append(label)
        day = quarter(label).start - timedelta(days=1)
    return labels


def financial_year(start_year: int) -> Period:
    if not 2000 <= start_year <= 2100:
        raise PeriodError("year must be from 2000 to 2100")
    return Period(date(start_year, 4, 1), date(start_year + 1, 4, 1), f"{start_year}-{(start_year + 1) % 100:02d}")


def financial_year_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def date_range(start: date, end_inclusive: date) -> Period:
    if end_inclusive < start:
        raise PeriodError("the end date must be on or after the start date")
    if (end_inclusive - start).days > 3 * 366:
        raise PeriodError("choose a range of at most three years")
    return Period(start, end_inclusive + timedelta(days=1), f"{start:%-d %b %Y} to {end_inclusive:%-d %b %Y}")


def month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{MONTH_NAMES[int(number) - 1]} {year[2:]}"
