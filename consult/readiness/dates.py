"""Calendar arithmetic for ages: birthdays (29 February included) and whole months."""
from __future__ import annotations

from datetime import MAXYEAR, date


def birthday(born: date, years: int) -> date:
    """The date a child born on `born` turns `years`; 29 February birthdays fall on 1 March
    in common years, as in English law. Past the calendar's end it is date.max."""
    if born.year + years > MAXYEAR:
        return date.max
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (end.day < start.day)
