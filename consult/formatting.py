"""How dates, times and durations read to people: on every page, in Slack and in notices.

UK style in London time: "1 December 2026" for a date, "Tue 1 Dec 14:00" for a moment (the year
is added when it is not this year: "Tue 1 Dec 2025 14:00"), "Tuesday 1 December at 14:00" in a
sentence. The JSON API keeps ISO 8601; only people read these. Pure functions: `today` is passed
in by the caller (pages and messages take it from consult.clock).
"""
from __future__ import annotations

from datetime import date, datetime

from consult.clock import LONDON

Dated = date | datetime | str | None


def _as_date(value: Dated) -> date | None:
    """A date from a date, an aware instant (its London date) or an ISO string (the API views)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value or " " in value.strip() else date.fromisoformat(value)
    if isinstance(value, datetime):
        return (value.astimezone(LONDON) if value.tzinfo else value).date()
    return value


def _as_local(value: datetime | str | None) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(LONDON) if value.tzinfo else value


def long_date(value: Dated) -> str:
    """1 December 2026"""
    day = _as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def weekday_date(value: Dated) -> str:
    """Tuesday 1 December 2026: where the day of the week matters (rotas, deadlines)."""
    day = _as_date(value)
    return f"{day:%A} {long_date(day)}" if day else ""


def short_date(value: Dated) -> str:
    """1 Dec 2026: for table columns."""
    day = _as_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def day_and_month(value: Dated) -> str:
    """Tuesday 1 December: a day this week or next, where the year goes without saying."""
    day = _as_date(value)
    return f"{day:%A} {day.day} {day:%B}" if day else ""


def clock_time(value: datetime | str | None) -> str:
    """14:00"""
    local = _as_local(value)
    return f"{local:%H:%M}" if local else ""


def date_time(value: datetime | str | None, *, today: date | None = None) -> str:
    """Tue 1 Dec 14:00, or Tue 1 Dec 2025 14:00 when it is not in today's year."""
    local = _as_local(value)
    if local is None:
        return ""
    year = f" {local.year}" if today is None or local.year != today.year else ""
    return f"{local:%a} {local.day} {local:%b}{year} {local:%H:%M}"


def spoken(value: datetime | str | None, *, today: date | None = None) -> str:
    """Tuesday 1 December at 14:00 (the year added when it is not today's): for sentences."""
    local = _as_local(value)
    if local is None:
        return ""
    year = f" {local.year}" if today is None or local.year != today.year else ""
    return f"{local:%A} {local.day} {local:%B}{year} at {local:%H:%M}"


def month_year(value: Dated) -> str:
    """December 2026: a span of months (when someone joined or left a group)."""
    day = _as_date(value)
    return f"{day:%B %Y}" if day else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def working_duration(hours: float | None, *, day_hours: float) -> str:
    """Working time as words: "under an hour", "3 hours", "1 working day 3 hours". A request
    answered after hours took no working time, which reads better as "under an hour" than "0.0"."""
    if hours is None:
        return ""
    if hours < 1:
        return "under an hour"
    days, left = divmod(hours, day_hours) if day_hours > 0 else (0.0, hours)
    days, rest = int(days), int(round(left))
    if rest >= day_hours:  # 7.6 hours of a 7.5-hour day is a day, not "0 days 8 hours"
        days, rest = days + 1, 0
    parts = ([_plural(days, "working day")] if days else []) + ([_plural(rest, "hour")] if rest else [])
    return " ".join(parts)


def baby_age(*, born: Dated, due: Dated, today: date) -> str:
    """The baby's age as a clinician says it: "3 weeks old", "5 months old", "1 year 2 months old",
    or before birth "due in 3 weeks" / "due today" / "was due 2 weeks ago". Empty when neither date is known."""
    birth = _as_date(born)
    if birth is None:
        expected = _as_date(due)
        if expected is None:
            return ""
        days = (expected - today).days
        if days == 0:
            return "due today"
        span = _span(abs(days))
        return f"due in {span}" if days > 0 else f"was due {span} ago"
    days = (today - birth).days
    if days < 0:
        return ""
    if days < 7 * 8:  # under eight weeks: weeks (or days) are what people count in
        return "born today" if days == 0 else f"{_span(days)} old"
    months = (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    if months < 24:
        return f"{_plural(months, 'month')} old"
    years, rest = divmod(months, 12)
    return f"{_plural(years, 'year')}{' ' + _plural(rest, 'month') if rest else ''} old"


def _span(days: int) -> str:
    return _plural(days, "day") if days < 14 else _plural(days // 7, "week")
