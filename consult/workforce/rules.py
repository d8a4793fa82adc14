"""Pure rules for workforce development: the monthly supervision timetable, training
completion and the figures built from attendance. No I/O; the services feed them data."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

WEEK = timedelta(days=7)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The nth (1-based) `weekday` (Monday 0) of a month; n is at most 4 so it always exists."""
    if not 1 <= n <= 4:
        raise ValueError("n must be between 1 and 4")
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7) + WEEK * (n - 1)


def _months(start: date, end: date) -> Iterable[tuple[int, int]]:
    year, month = start.year, start.month
    while date(year, month, 1) < end:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def monthly_session_days(
    *, start: date, end: date, weekday: int, week_of_month: int, is_open: Callable[[date], bool]
) -> list[date]:
    """Days in [start, end) on which a group meets under "the nth weekday of the month".

    A day the service is shut (bank holiday, closure) moves the session a week on, staying in
    the same month; when no later weekday in that month is open the month has no session.
    """
    days = []
    for year, month in _months(start, end):
        day = nth_weekday(year, month, weekday, week_of_month)
        while day.month == month and not is_open(day):
            day += WEEK
        if day.month == month and start <= day < end:
            days.append(day)
    return days


def session_times(day: date, starts: time, minutes: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Local wall-clock start on `day` (clock changes never move 10:00), returned as aware instants."""
    begin = datetime.combine(day, starts, zone)
    return begin, begin + timedelta(minutes=minutes)


def local_text(instant: datetime, zone: ZoneInfo = ZoneInfo("Europe/London"), fmt: str = "%a %-d %b %Y, %H:%M") -> str:
    """An instant as people read it in messages: "Tue 8 Dec 2026, 10:00" in local time."""
    return instant.astimezone(zone).strftime(fmt)


def attendance_pct(attended: int, expected: int) -> float | None:
    """Share of expected places that were attended, as a percentage to one decimal place."""
    if expected <= 0:
        return None
    return round(100 * attended / expected, 1)


def training_outcome(statuses: Sequence[str | None], sessions: int) -> str:
    """A booked delegate's outcome from their attendance on each session of the course.

    `completed` needs every session attended; any did-not-attend makes it `did_not_attend`;
    otherwise `incomplete` until all sessions are recorded (`apologies` count as missed).
    """
    recorded = [s for s in statuses if s is not None]
    if sessions and len(recorded) == sessions and all(s == "attended" for s in recorded):
        return "completed"
    if "did_not_attend" in recorded:
        return "did_not_attend"
    return "incomplete"


def mean_change(pairs: Iterable[tuple[int, int]]) -> float | None:
    """Mean of (after - before) over confidence pairs, two decimals; None with no pairs."""
    values = [after - before for before, after in pairs]
    if not values:
        return None
    return round(sum(values) / len(values), 2)
