"""Week-by-week series of the line for the dashboard's charts (a series provider in
consult.reporting.figures): calls by what happened, and the median working hours to call back.

The period's calls (time, status, hours to call back: a quarter is a few hundred rows) are read and
put into weeks starting on Monday, London time, here: SQLite and PostgreSQL have no common way to
say "the London week" in SQL.
"""
from __future__ import annotations

import statistics
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.clock import LONDON
from consult.telephony.figures import started_in
from consult.telephony.models import PhoneCall as P

GROUPS = {"answered": "answered", "missed": "missed", "voicemail": "missed", "out_of_hours": "out_of_hours"}


def _monday(day: date) -> str:
    return (day - timedelta(days=day.weekday())).isoformat()


def call_series(*, db: Session, start: date, end: date) -> dict[str, dict[str, dict[str, int]] | dict[str, float]]:
    """{"calls_by_week": {"answered"|"missed"|"out_of_hours": {"2026-11-23": n}},
    "callback_hours_by_week": {"2026-11-23": median working hours}} by the week the call came in."""
    by_week: dict[str, dict[str, int]] = {group: {} for group in ("answered", "missed", "out_of_hours")}
    rows = db.execute(select(P.started_at, P.status, P.working_hours_to_callback).where(*started_in(start, end)))
    hours: dict[str, list[float]] = {}
    for started_at, status, to_callback in rows:
        week = _monday(started_at.astimezone(LONDON).date())
        group = GROUPS.get(status)
        if group:
            by_week[group][week] = by_week[group].get(week, 0) + 1
        if to_callback is not None:
            hours.setdefault(week, []).append(to_callback)
    medians = {week: round(statistics.median(values), 1) for week, values in hours.items()}
    return {"calls_by_week": by_week, "callback_hours_by_week": medians}
