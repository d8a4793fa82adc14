"""Booking figures and series for the reports (declared in booking's contract), as SQL aggregates.

A booking belongs to the period its slot starts in (a cancelled booking still counts as a
booking made, and as a cancellation); a shortfall belongs to the day it was seen.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from booking.models import Booking, BookingShortfall, BookingStatus
from consult.reporting.periods import Period
from consult.reporting.sql import count_if, local_midnight, month_of_date, month_of_instant, pct

B = Booking


def _booked_in(start: date, end: date) -> list[ColumnElement[bool]]:
    return [B.starts_at >= local_midnight(start), B.starts_at < local_midnight(end)]


def booking_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    total, cancelled, attended, dna, upcoming = db.execute(select(
        func.count(),
        count_if(B.status == BookingStatus.cancelled),
        count_if(B.status == BookingStatus.attended),
        count_if(B.status == BookingStatus.did_not_attend),
        count_if(B.status == BookingStatus.booked),
    ).where(*_booked_in(start, end))).one()
    days, occurrences = db.execute(select(
        func.count(func.distinct(BookingShortfall.day)), func.coalesce(func.sum(BookingShortfall.occurrences), 0),
    ).where(BookingShortfall.day >= start, BookingShortfall.day < end)).one()
    return {
        "bookings": total,
        "bookings_attended": attended,
        "did_not_attend": dna,
        "bookings_cancelled": cancelled,
        "bookings_not_yet_recorded": upcoming,
        "did_not_attend_pct": pct(dna, attended + dna),  # type: ignore[arg-type,operator]
        "shortfall_days": days,
        "shortfall_searches": int(occurrences),
    }


def booking_series(*, db: Session, start: date, end: date) -> dict[str, dict[str, Any]]:
    """{"bookings_by_status": {status: {"2026-07": n}}, "shortfall_days": {"2026-07": n}} for the dashboard."""
    period = Period(start, end, label="")
    return {"bookings_by_status": bookings_by_month(db=db, period=period),
            "shortfall_days": shortfall_by_month(db=db, period=period)}


def bookings_by_month(*, db: Session, period: Period) -> dict[str, dict[str, int]]:
    month = month_of_instant(B.starts_at, period)
    query = (select(month, B.status, func.count()).where(*_booked_in(period.start, period.end))
             .group_by(month, B.status))
    out: dict[str, dict[str, int]] = {}
    for m, status, n in db.execute(query).all():
        key = status.value if isinstance(status, BookingStatus) else str(status)
        out.setdefault(key, {})[m] = n  # type: ignore[assignment,index]
    return out


def shortfall_by_month(*, db: Session, period: Period) -> dict[str, int]:
    month = month_of_date(BookingShortfall.day, period)
    query = (select(month, func.count(func.distinct(BookingShortfall.day)))
             .where(BookingShortfall.day >= period.start, BookingShortfall.day < period.end).group_by(month))
    return dict(db.execute(query).all())
