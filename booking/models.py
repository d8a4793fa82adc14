"""Triage booking tables: clinicians' weekly rota, one-off exceptions, bookings and their history,
and the shortfalls recorded when nothing was free in time.

The rule "never two active bookings for one slot" lives in the database: a partial unique index
on (clinician, start) over rows that are not cancelled. SQLite and PostgreSQL both enforce it,
and a cancelled row drops out of the index at once, so the slot can be booked again.
"""
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
    String,
    Time,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText


class BookingStatus(str, enum.Enum):
    booked = "booked"
    cancelled = "cancelled"
    attended = "attended"
    did_not_attend = "did_not_attend"


class Method(str, enum.Enum):
    phone = "phone"
    video = "video"
    in_person = "in_person"


ACTIVE_PREDICATE = "status <> 'cancelled'"


class AvailabilityRule(Base):
    """A clinician's weekly triage window, e.g. Tuesdays 13:00-17:00 by phone or video.

    Slots are only generated where the window overlaps the profile's core hours or one of its
    evening/Saturday sessions, so a rota can never offer times the service is not running."""

    __tablename__ = "booking_availability_rules"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint("starts < ends", name="starts_before_ends"),
        CheckConstraint("methods <> ''", name="some_method"),
        CheckConstraint("family_hub IS NOT NULL OR methods NOT LIKE '%in_person%'", name="in_person_needs_hub"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)  # Monday 0 ... Sunday 6
    starts: Mapped[time] = mapped_column(Time)
    ends: Mapped[time] = mapped_column(Time)
    # Comma-separated Method values, in the order they are offered.
    methods: Mapped[str] = mapped_column(String(40), default="phone,video")
    family_hub: Mapped[str | None] = mapped_column(String(120))
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class AvailabilityException(Base):
    """A one-off change to one clinician's rota: away (the whole day when no times are given,
    or one window), or an extra window on a day they do not usually hold triage."""

    __tablename__ = "booking_availability_exceptions"
    __table_args__ = (
        CheckConstraint("kind IN ('away', 'extra')", name="kind_known"),
        CheckConstraint("(starts IS NULL) = (ends IS NULL)", name="both_times_or_none"),
        CheckConstraint("kind = 'away' OR starts IS NOT NULL", name="extra_needs_times"),
        CheckConstraint("starts IS NULL OR starts < ends", name="starts_before_ends"),
        CheckConstraint("family_hub IS NOT NULL OR methods NOT LIKE '%in_person%'", name="in_person_needs_hub"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10))
    starts: Mapped[time | None] = mapped_column(Time)
    ends: Mapped[time | None] = mapped_column(Time)
    methods: Mapped[str] = mapped_column(String(40), default="phone,video")
    family_hub: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class Booking(Base):
    __tablename__ = "booking_bookings"
    __table_args__ = (
        CheckConstraint("starts_at < ends_at", name="starts_before_ends"),
        CheckConstraint("method IN ('phone', 'video', 'in_person')", name="method_known"),
        CheckConstraint("method <> 'in_person' OR family_hub IS NOT NULL", name="in_person_needs_hub"),
        CheckConstraint("consent_confirmed", name="consent_given"),
        CheckConstraint("sequence >= 0", name="sequence_not_negative"),
        # The guarantee: one active booking per slot, whatever the concurrency.
        Index(
            "uq_booking_bookings_active_slot", "clinician_id", "starts_at", unique=True,
            sqlite_where=text(ACTIVE_PREDICATE), postgresql_where=text(ACTIVE_PREDICATE),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # The calendar UID stays the same across reschedules so calendars update one event.
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    method: Mapped[str] = mapped_column(String(20))
    family_hub: Mapped[str | None] = mapped_column(String(120))
    status: Mapped[BookingStatus] = mapped_column(
        Enum(BookingStatus, native_enum=False, length=20, validate_strings=True), default=BookingStatus.booked
    )
    # The practitioner's own work details (not a family's); the phone and summary are encrypted
    # because a summary is free text and may carry more than it should.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    practitioner_email: Mapped[str] = mapped_column(String(320), index=True)
    practitioner_phone: Mapped[str | None] = mapped_column(EncryptedText())
    practitioner_role: Mapped[str] = mapped_column(String(120), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    district: Mapped[str] = mapped_column(String(80), default="")
    summary: Mapped[str] = mapped_column(EncryptedText())
    consent_confirmed: Mapped[bool] = mapped_column(Boolean)
    consultation_reference: Mapped[str | None] = mapped_column(String(20), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def active(self) -> bool:
        return self.status != BookingStatus.cancelled


class BookingEvent(Base):
    """What happened to a booking and who did it; details are times and codes, never free text."""

    __tablename__ = "booking_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("booking_bookings.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    action: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str] = mapped_column(String(30))  # practitioner | clinician:<id> | system
    detail: Mapped[str] = mapped_column(String(200), default="")


class BookingShortfall(Base):
    """A day on which someone looked for a triage slot and none was free within the
    acknowledgement time limit: one row per day and method, counting how often it happened."""

    __tablename__ = "booking_shortfalls"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))  # a Method value, or "any"
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    limit_at: Mapped[datetime] = mapped_column(UTCDateTime())
    earliest_free_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    __table_args__ = (
        CheckConstraint("occurrences >= 1", name="occurrences_positive"),
        Index("uq_booking_shortfalls_day_method", "day", "method", unique=True),
    )


class SlotVersion(Base):
    """One row: counters that go up, in the same transaction, whenever what the free slots are made
    from changes (rota rules, exceptions, closures: `availability`; bookings: `bookings`). Each web
    worker keeps the slots it worked out under these numbers (booking/slot_cache.py), so reading
    this one row is all it takes to know whether another worker has changed them since."""

    __tablename__ = "booking_slot_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    availability: Mapped[int] = mapped_column(Integer, default=0)
    bookings: Mapped[int] = mapped_column(Integer, default=0)
