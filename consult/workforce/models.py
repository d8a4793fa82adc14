"""Workforce development: supervision groups and their monthly sessions, training courses,
bookings with a waiting list, attendance and delegate feedback."""
from __future__ import annotations

import enum
from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    Time,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import clock
from consult.auth.models import User
from consult.db import Base, UTCDateTime


def _enum(cls: type[enum.Enum], length: int = 20) -> Enum:
    # A named CHECK constraint keeps unknown states out of the database, not only out of Python.
    return Enum(cls, native_enum=False, length=length, create_constraint=True, name=cls.__name__.lower(),
                values_callable=lambda e: [m.value for m in e])


class Attendance(str, enum.Enum):
    attended = "attended"
    apologies = "apologies"  # told us beforehand: counted as absent, not as did-not-attend
    did_not_attend = "did_not_attend"


class SessionStatus(str, enum.Enum):
    scheduled = "scheduled"
    held = "held"
    cancelled = "cancelled"


class BookingStatus(str, enum.Enum):
    booked = "booked"
    waiting_list = "waiting_list"
    cancelled = "cancelled"
    declined = "declined"  # the manager did not approve the delegate


class Approval(str, enum.Enum):
    pending = "pending"
    approved = "approved"
    declined = "declined"


# -- supervision -------------------------------------------------------------------------------
class SupervisionGroup(Base):
    __tablename__ = "supervision_groups"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday"),
        CheckConstraint("week_of_month BETWEEN 1 AND 4", name="week_of_month"),
        CheckConstraint("minutes BETWEEN 30 AND 240", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    district: Mapped[str] = mapped_column(String(80), index=True)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The monthly rule: the nth weekday (Monday 0) of every month at a local time.
    weekday: Mapped[int] = mapped_column(SmallInteger)
    week_of_month: Mapped[int] = mapped_column(SmallInteger)
    starts: Mapped[time] = mapped_column(Time)
    minutes: Mapped[int] = mapped_column(Integer)
    location: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    supervisor: Mapped[User | None] = relationship()
    memberships: Mapped[list[GroupMembership]] = relationship(back_populates="group", order_by="GroupMembership.joined_on")
    sessions: Mapped[list[SupervisionSession]] = relationship(back_populates="group", order_by="SupervisionSession.starts_at")


class GroupMembership(Base):
    """A practitioner's time in a group; leaving sets `left_on`, so turnover stays on record."""

    __tablename__ = "supervision_memberships"
    __table_args__ = (
        CheckConstraint("left_on IS NULL OR left_on >= joined_on", name="left_after_joined"),
        # One current group per practitioner, enforced by the database.
        Index("uq_supervision_memberships_current", "user_id", unique=True,
              sqlite_where=text("left_on IS NULL"), postgresql_where=text("left_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("supervision_groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    member_role: Mapped[str] = mapped_column(String(120))
    joined_on: Mapped[date] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    leaving_reason: Mapped[str | None] = mapped_column(String(200))

    group: Mapped[SupervisionGroup] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class SupervisionSession(Base):
    __tablename__ = "supervision_sessions"
    __table_args__ = (
        UniqueConstraint("group_id", "starts_at", name="uq_supervision_sessions_group_start"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("supervision_groups.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus), default=SessionStatus.scheduled)
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    group: Mapped[SupervisionGroup] = relationship(back_populates="sessions")
    supervisor: Mapped[User | None] = relationship()
    attendance: Mapped[list[SupervisionAttendance]] = relationship(back_populates="session")


class SupervisionAttendance(Base):
    __tablename__ = "supervision_attendance"
    __table_args__ = (UniqueConstraint("session_id", "user_id", name="uq_supervision_attendance_session_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("supervision_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[Attendance] = mapped_column(_enum(Attendance))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    session: Mapped[SupervisionSession] = relationship(back_populates="attendance")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


# -- training ----------------------------------------------------------------------------------
class TrainingCourse(Base):
    __tablename__ = "training_courses"
    __table_args__ = (CheckConstraint("capacity >= 1", name="capacity_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[int] = mapped_column(Integer)
    # Bumped by every booking change: the UPDATE takes the course row's write lock first, so
    # concurrent bookings queue behind each other on PostgreSQL and SQLite alike.
    lock_version: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    sessions: Mapped[list[TrainingSession]] = relationship(back_populates="course", order_by="TrainingSession.starts_at")
    bookings: Mapped[list[TrainingBooking]] = relationship(back_populates="course", order_by="TrainingBooking.id")


class TrainingSession(Base):
    """One day of a course (e.g. day 1 attachment, day 2 parent-infant relationships)."""

    __tablename__ = "training_sessions"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    venue: Mapped[str] = mapped_column(String(300))

    course: Mapped[TrainingCourse] = relationship(back_populates="sessions")


class TrainingBooking(Base):
    __tablename__ = "training_bookings"
    __table_args__ = (
        # A delegate holds at most one live booking (booked or waiting) per course.
        Index("uq_training_bookings_live", "course_id", "user_id", unique=True,
              sqlite_where=text("status IN ('booked', 'waiting_list')"),
              postgresql_where=text("status IN ('booked', 'waiting_list')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_courses.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[BookingStatus] = mapped_column(_enum(BookingStatus))
    approval: Mapped[Approval] = mapped_column(_enum(Approval), default=Approval.pending)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    course: Mapped[TrainingCourse] = relationship(back_populates="bookings")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    attendance: Mapped[list[TrainingAttendance]] = relationship(back_populates="booking")
    feedback: Mapped[TrainingFeedback | None] = relationship(back_populates="booking")


class TrainingAttendance(Base):
    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("booking_id", "session_id", name="uq_training_attendance_booking_session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("training_bookings.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    status: Mapped[Attendance] = mapped_column(_enum(Attendance))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    booking: Mapped[TrainingBooking] = relationship(back_populates="attendance")


class TrainingFeedback(Base):
    """The delegate feedback form: confidence before and after (1-5), usefulness and a comment."""

    __tablename__ = "training_feedback"
    __table_args__ = (
        CheckConstraint("confidence_before BETWEEN 1 AND 5", name="confidence_before"),
        CheckConstraint("confidence_after BETWEEN 1 AND 5", name="confidence_after"),
        CheckConstraint("usefulness BETWEEN 1 AND 5", name="usefulness"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("training_bookings.id", ondelete="CASCADE"), unique=True)
    confidence_before: Mapped[int] = mapped_column(SmallInteger)
    confidence_after: Mapped[int] = mapped_column(SmallInteger)
    usefulness: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    booking: Mapped[TrainingBooking] = relationship(back_populates="feedback")
