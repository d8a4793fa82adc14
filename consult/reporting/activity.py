"""Figures from the booking and FAQ packages for a period, as SQL aggregates over their tables.

A booking belongs to the period its slot starts in (a cancelled booking still counts as a
booking made, and as a cancellation); a shortfall belongs to the day it was seen; an FAQ
question to the moment it was asked.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking.models import Booking, BookingShortfall, BookingStatus
from consult.reporting.periods import Period
from consult.reporting.sql import count_if, local_midnight, month_of_date, month_of_instant, pct
from faq.models import FaqFeedback, FaqQuestion

B, Q = Booking, FaqQuestion


def _booked_in(start: date, end: date):
    return [B.starts_at >= local_midnight(start), B.starts_at < local_midnight(end)]


def booking_figures(*, db: Session, start: date, end: date) -> dict:
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
        "did_not_attend_pct": pct(dna, attended + dna),
        "shortfall_days": days,
        "shortfall_searches": int(occurrences),
    }


def faq_figures(*, db: Session, start: date, end: date) -> dict:
    asked, unanswered, risk = db.execute(select(
        func.count(), count_if(Q.answered.is_(False)), count_if(Q.risk.is_(True)),
    ).where(Q.asked_at >= local_midnight(start), Q.asked_at < local_midnight(end))).one()
    helpful, not_helpful = db.execute(select(
        count_if(FaqFeedback.helpful.is_(True)), count_if(FaqFeedback.helpful.is_(False)),
    ).where(FaqFeedback.created_at >= local_midnight(start), FaqFeedback.created_at < local_midnight(end))).one()
    return {
        "faq_questions": asked,
        "faq_answered": asked - unanswered,
        "faq_unanswered": unanswered,
        "faq_risk_handed_to_clinician": risk,
        "faq_answer_helpful": helpful,
        "faq_answer_not_helpful": not_helpful,
    }


# -- series for the dashboard ---------------------------------------------------------------
def bookings_by_month(*, db: Session, period: Period) -> dict[str, dict[str, int]]:
    month = month_of_instant(B.starts_at, period)
    query = (select(month, B.status, func.count()).where(*_booked_in(period.start, period.end))
             .group_by(month, B.status))
    out: dict[str, dict[str, int]] = {}
    for m, status, n in db.execute(query).all():
        key = status.value if isinstance(status, BookingStatus) else str(status)
        out.setdefault(key, {})[m] = n
    return out


def faq_by_month(*, db: Session, period: Period) -> dict[str, dict[str, int]]:
    month = month_of_instant(Q.asked_at, period)
    query = (select(month, func.count(), count_if(Q.answered.is_(False)))
             .where(Q.asked_at >= period.start_at, Q.asked_at < period.end_at).group_by(month))
    out: dict[str, dict[str, int]] = {"asked": {}, "unanswered": {}}
    for m, asked, unanswered in db.execute(query).all():
        out["asked"][m], out["unanswered"][m] = asked, unanswered
    return out


def shortfall_by_month(*, db: Session, period: Period) -> dict[str, int]:
    month = month_of_date(BookingShortfall.day, period)
    query = (select(month, func.count(func.distinct(BookingShortfall.day)))
             .where(BookingShortfall.day >= period.start, BookingShortfall.day < period.end).group_by(month))
    return dict(db.execute(query).all())
