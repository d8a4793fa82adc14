"""Training courses: places, the waiting list, manager approval, attendance and feedback.

Every change to a course's bookings first takes the course row's write lock (an UPDATE of
`lock_version`), so two delegates racing for the last place queue behind each other and the
database never holds more booked places than the capacity, on PostgreSQL and SQLite alike.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from consult import clock
from consult.auth.models import Role, User
from consult.core.references import random_reference
from consult.db import get_or_raise
from consult.notify import Notice, Recipient, queue
from consult.privacy.audit import Action, record_event
from consult.profiles import Profile, active_profile
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.errors import TrainingError as TrainingError  # where the transports have always found it
from consult.workforce.models import (
    Approval,
    Attendance,
    BookingStatus,
    TrainingAttendance,
    TrainingBooking,
    TrainingCourse,
    TrainingFeedback,
    TrainingSession,
)
from consult.workforce.rules import training_outcome

log = structlog.get_logger(__name__)
LIVE = (BookingStatus.booked, BookingStatus.waiting_list)


@dataclass(frozen=True)
class SessionInput:
    start: datetime
    end: datetime
    venue: str
    title: str = ""


# -- courses -----------------------------------------------------------------------------------
def create_course(
    *, db: Session, title: str, capacity: int, sessions: list[SessionInput], created_by: User | None = None,
    description: str = "",
) -> TrainingCourse:
    if not title.strip():
        raise TrainingError("invalid", "A course needs a title.")
    if capacity < 1:
        raise TrainingError("invalid", "Capacity must be at least 1.")
    if not sessions:
        raise TrainingError("invalid", "A course needs at least one session.")
    for s in sessions:
        if s.start.tzinfo is None or s.end.tzinfo is None:
            raise TrainingError("invalid", "Session times need a UTC offset.")
        if s.end <= s.start:
            raise TrainingError("invalid", "Each session must end after it starts.")
        if not s.venue.strip():
            raise TrainingError("invalid", "Each session needs a venue: the training is in person.")
    course = TrainingCourse(title=title.strip(), description=description.strip(), capacity=capacity,
                            created_by_id=created_by.id if created_by else None, lock_version=0)
    course.sessions = [TrainingSession(title=s.title.strip(), starts_at=s.start, ends_at=s.end, venue=s.venue.strip())
                       for s in sorted(sessions, key=lambda s: s.start)]
    db.add(course)
    db.flush()
    record_event(db=db, actor=created_by, action=Action.create, record=f"training-course:{course.id}",
                 detail=f"{capacity} places, {len(sessions)} sessions")
    log.info("training_course_created", course_id=course.id, capacity=capacity)
    return course


def get_course(*, db: Session, course_id: int) -> TrainingCourse:
    return get_or_raise(db, TrainingCourse, TrainingError("not_found", "No such course."), id=course_id)


def booked_counts(*, db: Session) -> dict[int, tuple[int, int]]:
    """course id -> (booked, waiting) in one query."""
    rows = db.execute(
        select(TrainingBooking.course_id, TrainingBooking.status, func.count())
        .where(TrainingBooking.status.in_(LIVE))
        .group_by(TrainingBooking.course_id, TrainingBooking.status)
    ).all()
    counts: dict[int, list[int]] = {}
    for course_id, status, n in rows:
        counts.setdefault(course_id, [0, 0])[0 if status == BookingStatus.booked else 1] = n
    return {k: (v[0], v[1]) for k, v in counts.items()}


def list_courses(*, db: Session, upcoming_only: bool = False) -> list[dict[str, Any]]:
    courses = db.scalars(select(TrainingCourse).options(selectinload(TrainingCourse.sessions)).order_by(TrainingCourse.id)).all()
    counts = booked_counts(db=db)
    now = clock.now()
    views = []
    for course in courses:
        view = course_view(course, counts.get(course.id, (0, 0)))
        if upcoming_only and course.sessions and course.sessions[-1].ends_at < now:
            continue
        views.append(view)
    views.sort(key=lambda v: v["sessions"][0]["start"] if v["sessions"] else "")
    return views


def course_view(course: TrainingCourse, counts: tuple[int, int]) -> dict[str, Any]:
    booked, waiting = counts
    return {
        "id": course.id, "title": course.title, "description": course.description, "capacity": course.capacity,
        "places_left": max(course.capacity - booked, 0), "booked": booked, "waiting_list": waiting,
        "started": bool(course.sessions) and course.sessions[0].starts_at <= clock.now(),
        "sessions": [{"id": s.id, "title": s.title, "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat(),
                      "venue": s.venue} for s in course.sessions],
    }


# -- bookings ----------------------------------------------------------------------------------
def _lock_course(db: Session, course_id: int) -> TrainingCourse:
    locked = db.execute(
        update(TrainingCourse).where(TrainingCourse.id == course_id)
        .values(lock_version=TrainingCourse.lock_version + 1)
        .execution_options(synchronize_session=False)
    )
    if locked.rowcount == 0:  # type: ignore[attr-defined]
        raise TrainingError("not_found", "No such course.")
    course = db.get(TrainingCourse, course_id)
    db.refresh(course)
    return course  # type: ignore[return-value]


def _booked(db: Session, course_id: int) -> int:
    return db.scalar(select(func.count()).select_from(TrainingBooking).where(
        TrainingBooking.course_id == course_id, TrainingBooking.status == BookingStatus.booked)) or 0


def new_reference(db: Session) -> str:
    return random_reference("TRN-", taken=lambda code: db.scalar(
        select(TrainingBooking.id).where(TrainingBooking.reference == code)) is not None)


def book(*, db: Session, request: TrainingBookingRequest, user: User, profile: Profile | None = None) -> TrainingBooking:
    """A place for `user` while any are left, else the end of the waiting list; 409-style error if already on it."""
    profile = profile or active_profile()
    course = _lock_course(db, request.course_id)
    if course.sessions and course.sessions[0].starts_at <= clock.now():
        raise TrainingError("closed", "This course has started; bookings are closed.")
    existing = db.scalar(select(TrainingBooking).where(
        TrainingBooking.course_id == course.id, TrainingBooking.user_id == user.id, TrainingBooking.status.in_(LIVE)))
    if existing is not None:
        raise TrainingError("duplicate", f"You are already on this course ({existing.reference}).")
    has_place = _booked(db, course.id) < course.capacity
    now = clock.now()
    booking = TrainingBooking(
        reference=new_reference(db), course_id=course.id, user_id=user.id,
        status=BookingStatus.booked if has_place else BookingStatus.waiting_list,
        approval=Approval.pending if profile.training.manager_approval_required else Approval.approved,
        booked_at=now if has_place else None, created_at=now,
    )
    db.add(booking)
    try:
        db.flush()
    except IntegrityError:  # the partial unique index caught a duplicate we could not see
        db.rollback()
        raise TrainingError("duplicate", "You are already on this course.") from None
    record_event(db=db, actor=user, action=Action.create, record=booking.reference,
                 detail=f"training-course:{course.id}: " + ("place booked" if has_place else "on the waiting list"))
    log.info("training_booked", reference=booking.reference, course_id=course.id, status=booking.status.value)
    return booking


def get_booking(*, db: Session, reference: str, actor: User) -> TrainingBooking:
    """The delegate sees their own booking; managers see every booking; others get not-found.
    Not audited as a read: a booking holds a course, places and attendance, nothing about a family."""
    booking = db.scalar(select(TrainingBooking).where(TrainingBooking.reference == reference.strip().upper()))
    if booking is None or not (booking.user_id == actor.id or actor.has_role(Role.manager)):
        raise TrainingError("not_found", "No such booking.")
    return booking


def waiting_position(*, db: Session, booking: TrainingBooking) -> int | None:
    if booking.status != BookingStatus.waiting_list:
        return None
    return db.scalar(select(func.count()).select_from(TrainingBooking).where(
        TrainingBooking.course_id == booking.course_id, TrainingBooking.status == BookingStatus.waiting_list,
        TrainingBooking.id <= booking.id))


def _release(db: Session, booking: TrainingBooking, status: BookingStatus, actor: User | str) -> TrainingBooking | None:
    """Take `booking` out (cancelled or declined); a freed place goes to the first waiting at once.
    The promotion is audited under whoever freed the place: their change caused it."""
    was_booked = booking.status == BookingStatus.booked
    booking.status = status
    booking.cancelled_at = clock.now()
    db.flush()
    if not was_booked:
        return None
    first = db.scalar(select(TrainingBooking).where(
        TrainingBooking.course_id == booking.course_id, TrainingBooking.status == BookingStatus.waiting_list,
        TrainingBooking.approval != Approval.declined,
    ).order_by(TrainingBooking.id).limit(1))
    if first is not None:
        first.status = BookingStatus.booked
        first.booked_at = clock.now()
        db.flush()
        record_event(db=db, actor=actor, action=Action.update, record=first.reference,
                     detail=f"given the place freed by {booking.reference}")
        log.info("training_promoted", reference=first.reference, course_id=booking.course_id)
        queue(db, Notice(
            kind="training_place", subject=f"You have a place on {first.course.title}",
            text=f"A place came free on {first.course.title} and it is yours ({first.reference}). "
                 "If you can no longer come, cancel it so the next person can have it.",
            recipient=Recipient.for_user(first.user), reference=first.reference, link="/training/bookings",
        ))
    return first


def cancel(*, db: Session, reference: str, actor: User) -> tuple[TrainingBooking, TrainingBooking | None]:
    """Cancel a booking or waiting-list place; returns it and whoever took the freed place."""
    booking = get_booking(db=db, reference=reference, actor=actor)
    course = _lock_course(db, booking.course_id)
    db.refresh(booking)
    if booking.status not in LIVE:
        return booking, None  # cancelling twice changes nothing
    if course.sessions and course.sessions[0].starts_at <= clock.now() and not actor.has_role(Role.manager):
        raise TrainingError("closed", "The course has started: ask the training team to record your absence.")
    promoted = _release(db, booking, BookingStatus.cancelled, actor)
    record_event(db=db, actor=actor, action=Action.update, record=booking.reference, detail="cancelled")
    log.info("training_cancelled", reference=booking.reference, promoted=promoted.reference if promoted else None)
    return booking, promoted


def release_places(*, db: Session, user_ids: list[int], actor: str) -> int:
    """Give up the live places of people being erased, on courses not yet begun, so nobody's place is held by
    an anonymous account; the next person waiting gets it. Returns how many places were given up."""
    released = 0
    for booking in db.scalars(select(TrainingBooking).where(
            TrainingBooking.user_id.in_(user_ids), TrainingBooking.status.in_(LIVE)).order_by(TrainingBooking.id)):
        course = _lock_course(db, booking.course_id)
        if course.sessions and course.sessions[0].starts_at <= clock.now():
            continue  # begun: attendance is recorded as it happened
        _release(db, booking, BookingStatus.cancelled, actor)
        record_event(db=db, actor=actor, action=Action.update, record=booking.reference, detail="cancelled")
        released += 1
    return released


def decide(*, db: Session, reference: str, approve: bool, actor: User) -> tuple[TrainingBooking, TrainingBooking | None]:
    """The manager approves an eligible delegate, or declines one (which frees their place)."""
    booking = get_booking(db=db, reference=reference, actor=actor)
    _lock_course(db, booking.course_id)
    db.refresh(booking)
    if booking.status not in LIVE:
        raise TrainingError("closed", "That booking is no longer live.")
    booking.approved_by_id = actor.id
    booking.approved_at = clock.now()
    record_event(db=db, actor=actor, action=Action.update, record=booking.reference,
                 detail="approved" if approve else "declined")
    if approve:
        booking.approval = Approval.approved
        return booking, None
    booking.approval = Approval.declined
    return booking, _release(db, booking, BookingStatus.declined, actor)


# -- attendance and feedback -------------------------------------------------------------------
def record_attendance(*, db: Session, booking: TrainingBooking, session_id: int, status: Attendance, actor: User) -> TrainingAttendance:
    session = db.get(TrainingSession, session_id)
    if session is None or session.course_id != booking.course_id:
        raise TrainingError("not_found", "That session is not part of this course.")
    if booking.status != BookingStatus.booked:
        raise TrainingError("closed", "Attendance is recorded only for delegates with a place.")
    if session.starts_at > clock.now():
        raise TrainingError("invalid", "Attendance can be recorded once the session has started.")
    row = db.scalar(select(TrainingAttendance).where(
        TrainingAttendance.booking_id == booking.id, TrainingAttendance.session_id == session_id))
    if row is None:
        row = TrainingAttendance(booking_id=booking.id, session_id=session_id, status=status)
        db.add(row)
    row.status, row.recorded_by_id, row.recorded_at = status, actor.id, clock.now()
    db.flush()
    record_event(db=db, actor=actor, action=Action.update, record=booking.reference,
                 detail=f"session {session_id}: {status.value.replace('_', ' ')}")
    return row


def outcome(booking: TrainingBooking) -> str:
    marks = {a.session_id: a.status.value for a in booking.attendance}
    return training_outcome([marks.get(s.id) for s in booking.course.sessions], len(booking.course.sessions))


def submit_feedback(
    *, db: Session, booking: TrainingBooking, user: User, confidence_before: int, confidence_after: int,
    usefulness: int, comment: str = "",
) -> TrainingFeedback:
    if booking.user_id != user.id:
        raise TrainingError("not_found", "No such booking.")
    if booking.status != BookingStatus.booked or not any(a.status == Attendance.attended for a in booking.attendance):
        raise TrainingError("closed", "Feedback opens once you have attended the course.")
    if booking.feedback is not None:
        raise TrainingError("duplicate", "You have already given feedback on this course. Thank you.")
    for name, value in (("confidence_before", confidence_before), ("confidence_after", confidence_after),
                        ("usefulness", usefulness)):
        if not 1 <= value <= 5:
            raise TrainingError("invalid", f"{name} must be between 1 and 5.")
    feedback = TrainingFeedback(booking_id=booking.id, confidence_before=confidence_before,
                                confidence_after=confidence_after, usefulness=usefulness, comment=comment.strip()[:2000])
    db.add(feedback)
    db.flush()
    record_event(db=db, actor=user, action=Action.update, record=booking.reference, detail="feedback given")
    return feedback


def booking_view(*, db: Session, booking: TrainingBooking) -> dict[str, Any]:
    marks = {a.session_id: a.status.value for a in booking.attendance}
    return {
        "reference": booking.reference, "status": booking.status.value, "approval": booking.approval.value,
        "position": waiting_position(db=db, booking=booking),
        "course": {"id": booking.course.id, "title": booking.course.title},
        "sessions": [{"id": s.id, "title": s.title, "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat(),
                      "venue": s.venue, "attendance": marks.get(s.id)} for s in booking.course.sessions],
        "outcome": outcome(booking) if booking.status == BookingStatus.booked else None,
        "feedback_given": booking.feedback is not None,
        "started": bool(booking.course.sessions) and booking.course.sessions[0].starts_at <= clock.now(),
        "created_at": booking.created_at.isoformat(),
    }


def bookings_for(*, db: Session, user: User) -> list[TrainingBooking]:
    return list(db.scalars(select(TrainingBooking).where(TrainingBooking.user_id == user.id)
                           .order_by(TrainingBooking.created_at.desc())).all())
