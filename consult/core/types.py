"""Bounded input types, defined once and used on every path, query and body parameter.

Whatever arrives is checked at the edge, so the database never sees a value it cannot hold:
an id beyond PostgreSQL's `integer`, an offset past any real page, a date whose neighbour
overflows Python's calendar (9999-12-31 plus one day), a NUL byte (PostgreSQL refuses them in
text), or a time with a zone where a local wall-clock time is meant. Each is a 422 with the
field named, never a 500.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints

INT32_MAX = 2**31 - 1
EARLIEST = date(1900, 1, 1)
LATEST = date(2100, 12, 31)
MAX_OFFSET = 1_000_000


def _in_range(value: date) -> date:
    if not EARLIEST <= value <= LATEST:
        raise ValueError(f"give a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}")
    return value


def _instant_in_range(value: datetime) -> datetime:
    _in_range(value.date())
    try:
        value.astimezone(UTC)  # 9999-12-31T23:00-05:00 has no UTC instant
    except OverflowError:
        raise ValueError("give a time within the years 1900 to 2100") from None
    return value


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain a NUL character")
    return value


def _local(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("give the local time without a zone, for example 09:00")
    return value


# A row id: what an `integer` primary key can hold.
DbId = Annotated[int, Field(ge=1, le=INT32_MAX)]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
# Any other whole number the domain checks itself (a sentence beats a schema error) but which must
# still fit an `integer` column on the way.
Int32 = Annotated[int, Field(ge=-INT32_MAX - 1, le=INT32_MAX)]
IN_RANGE = AfterValidator(_in_range)  # to bound a date type that parses in its own way
BoundedDate = Annotated[date, IN_RANGE]
LocalTime = Annotated[time, AfterValidator(_local)]
BoundedInstant = Annotated[AwareDatetime, AfterValidator(_instant_in_range)]


def text(max_length: int, min_length: int = 0) -> Any:
    """A string of at most `max_length` characters with no NUL byte."""
    return Annotated[str, StringConstraints(min_length=min_length, max_length=max_length), AfterValidator(_no_nul)]


# A reference in a path (PIMH-2026-00042, TB-..., REF-..., TRN-...): short, no NUL.
Reference = Annotated[str, StringConstraints(max_length=60), AfterValidator(_no_nul)]


def refuse_nul(value: Any, path: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where in a JSON-like value a string holds a NUL byte (its path), or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = refuse_nul(key, path)
            if found is None:
                found = refuse_nul(item, (*path, str(key)))
            if found is not None:  # () is a place too: the top level
                return found
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = refuse_nul(item, (*path, index))
            if found is not None:
                return found
    return None



# -- the same bounds for form pages, which read their fields as text ------------------------------
def parse_day(value: str) -> date:
    """An ISO date within the bounds; ValueError otherwise (the page shows its own sentence)."""
    return _in_range(date.fromisoformat(value.strip()))


def parse_id(value: str | None) -> int | None:
    """A row id typed or chosen on a form, or None when it cannot be one."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= INT32_MAX else None


def fits_int32(value: int) -> bool:
    return -INT32_MAX - 1 <= value <= INT32_MAX
