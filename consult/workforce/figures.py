"""Workforce figures for the dashboard, the quarterly return and the annual statement.

`workforce_figures(db=..., start=..., end=...)` counts in the half-open period [start, end) of
local dates (a quarter is 2026-07-01 to 2026-10-01). Everything is a SQL aggregate, so the cost
does not grow with what Python has to hold. Supervision counts sessions that started in the
period; training counts courses whose first day fell in it.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from consult.profiles import active_profile
from consult.workforce.models import (
    Attendance,
    BookingStatus,
    GroupMembership,
    SessionStatus,
    SupervisionAttendance,
    SupervisionSession,
    TrainingAttendance,
    TrainingBooking,
    TrainingFeedback,
    TrainingSession,
)
from consult.workforce.rules import attendance_pct


def _instant(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time(0), ZoneInfo(active_profile().timezone))


def _as_date(day: date | datetime) -> date:
    return day.date() if isinstance(day, datetime) else day


def _round(value: Any, places: int = 2) -> float | None:  # an SQL aggregate: None, int, float or Decimal
    return None if value is None else round(float(value), places)


def supervision_figures(*, db: Session, start: date | datetime, end: date | datetime) -> dict[str, Any]:
    begin, finish = _instant(start), _instant(end)
    in_period = and_(SupervisionSession.starts_at >= begin, SupervisionSession.starts_at < finish)
    held, cancelled = db.execute(select(
        func.count(case((SupervisionSession.status == SessionStatus.held, 1))),
        func.count(case((SupervisionSession.status == SessionStatus.cancelled, 1))),
    ).where(in_period)).one()
    marks = dict(db.execute(
        select(SupervisionAttendance.status, func.count())
        .join(SupervisionSession, SupervisionSession.id == SupervisionAttendance.session_id)
        .where(in_period, SupervisionSession.status == SessionStatus.held)
        .group_by(SupervisionAttendance.status)).all())
    attended = marks.get(Attendance.attended, 0)
    expected = sum(marks.values())
    practitioners = db.scalar(
        select(func.count(func.distinct(SupervisionAttendance.user_id)))
        .join(SupervisionSession, SupervisionSession.id == SupervisionAttendance.session_id)
        .where(in_period, SupervisionAttendance.status == Attendance.attended)) or 0
    joined = db.scalar(select(func.count()).select_from(GroupMembership).where(
        GroupMembership.joined_on >= _as_date(start), GroupMembership.joined_on < _as_date(end))) or 0
    left = db.scalar(select(func.count()).select_from(GroupMembership).where(
        GroupMembership.left_on >= _as_date(start), GroupMembership.left_on < _as_date(end))) or 0
    return {
        "supervision_sessions": held,
        "supervision_sessions_cancelled": cancelled,
        "supervision_attendance_pct": attendance_pct(attended, expected),
        "supervision_attended": attended,
        "supervision_apologies": marks.get(Attendance.apologies, 0),
        "supervision_did_not_attend": marks.get(Attendance.did_not_attend, 0),
        "supervision_practitioners": practitioners,
        "supervision_members_joined": joined,
        "supervision_members_left": left,
    }


def training_figures(*, db: Session, start: date | datetime, end: date | datetime) -> dict[str, Any]:
    begin, finish = _instant(start), _instant(end)
    first_day = (select(TrainingSession.course_id, func.min(TrainingSession.starts_at).label("first"),
                        func.count().label("sessions"))
                 .group_by(TrainingSession.course_id).subquery())
    courses = (select(first_day.c.course_id, first_day.c.sessions)
               .where(first_day.c.first >= begin, first_day.c.first < finish).subquery())
    # One row per booked delegate on those courses with their attended and did-not-attend days.
    per_delegate = (
        select(
            TrainingBooking.id.label("booking_id"), courses.c.sessions,
            func.count(case((TrainingAttendance.status == Attendance.attended, 1))).label("attended"),
            func.count(case((TrainingAttendance.status == Attendance.did_not_attend, 1))).label("dna"),
        )
        .join(courses, courses.c.course_id == TrainingBooking.course_id)
        .outerjoin(TrainingAttendance, TrainingAttendance.booking_id == TrainingBooking.id)
        .where(TrainingBooking.status == BookingStatus.booked)
        .group_by(TrainingBooking.id, courses.c.sessions)
        .subquery()
    )
    delegates, completed, dna = db.execute(select(
        func.count(), func.count(case((per_delegate.c.attended == per_delegate.c.sessions, 1))),
        func.count(case((per_delegate.c.dna > 0, 1))),
    )).one()
    course_count = db.scalar(select(func.count()).select_from(courses)) or 0
    waiting, cancelled = db.execute(select(
        func.count(case((TrainingBooking.status == BookingStatus.waiting_list, 1))),
        func.count(case((TrainingBooking.status == BookingStatus.cancelled, 1))),
    ).join(courses, courses.c.course_id == TrainingBooking.course_id)).one()
    forms, before, after, change, useful = db.execute(select(
        func.count(), func.avg(TrainingFeedback.confidence_before), func.avg(TrainingFeedback.confidence_after),
        func.avg(TrainingFeedback.confidence_after - TrainingFeedback.confidence_before),
        func.avg(TrainingFeedback.usefulness),
    ).join(TrainingBooking, TrainingBooking.id == TrainingFeedback.booking_id)
     .join(courses, courses.c.course_id == TrainingBooking.course_id)).one()
    return {
        "training_courses": course_count,
        "training_delegates": delegates,
        "training_completed": completed,
        "training_completion_pct": attendance_pct(completed, delegates),
        "training_did_not_attend": dna,
        "training_cancelled": cancelled,
        "training_waiting_list": waiting,
        "training_feedback_forms": forms,
        "training_confidence_before_mean": _round(before),
        "training_confidence_after_mean": _round(after),
        "training_confidence_change": _round(change),
        "training_usefulness_mean": _round(useful),
    }


def workforce_figures(*, db: Session, start: date | datetime, end: date | datetime) -> dict[str, Any]:
    """Supervision and training figures for [start, end); the names match the API contract."""
    return supervision_figures(db=db, start=start, end=end) | training_figures(db=db, start=start, end=end)
