"""Complaints (with an append-only timeline), compliments, families' feedback and the quarter's
narrative.

Free text (what a complaint is about, its summary and response, a compliment, a family's comment,
the narrative) is EncryptedText: any of it may name a family however carefully it is written.
Clock figures (acknowledge_by, acknowledged_within_target) are stored when they happen, so the
report figures are plain SQL aggregates. Family feedback has no column that could identify the
sender: no IP address, user agent, account or time finer than the day.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import clock
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText

SOURCES = ("practitioner", "parent", "carer", "other")
STATUSES = ("received", "acknowledged", "investigating", "closed")
OUTCOMES = ("upheld", "partly_upheld", "not_upheld", "withdrawn")
RATINGS = ("very_good", "good", "neither", "poor", "very_poor", "dont_know")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Complaint(Base):
    __tablename__ = "complaints"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("source", SOURCES), name="source"),
        CheckConstraint(f"outcome IS NULL OR {_in('outcome', OUTCOMES)}", name="outcome"),
        CheckConstraint("acknowledge_by > received_on", name="acknowledge_after_receipt"),
        CheckConstraint("status <> 'closed' OR outcome IS NOT NULL", name="closed_with_outcome"),
        Index("ix_complaints_status_acknowledge_by", "status", "acknowledge_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="received")
    source: Mapped[str] = mapped_column(String(20))
    about: Mapped[str | None] = mapped_column(EncryptedText())
    summary: Mapped[str | None] = mapped_column(EncryptedText())
    # A consultation, booking or referral reference, checked to exist when recorded.
    related_reference: Mapped[str | None] = mapped_column(String(40), index=True)
    related_kind: Mapped[str | None] = mapped_column(String(20))

    received_on: Mapped[date] = mapped_column(Date, index=True)
    acknowledge_by: Mapped[date] = mapped_column(Date)
    ack_due_soon_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ack_deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    acknowledged_on: Mapped[date | None] = mapped_column(Date)
    acknowledged_within_target: Mapped[bool | None] = mapped_column(Boolean)
    investigating_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    outcome: Mapped[str | None] = mapped_column(String(20))
    response: Mapped[str | None] = mapped_column(EncryptedText())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    events: Mapped[list[ComplaintEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ComplaintEvent.id", back_populates="complaint")


class ComplaintEvent(Base):
    """One line of a complaint's timeline. Append-only: the database refuses updates. The actor
    is kept as an account id (names are looked up when shown), so erasing an account needs no
    change to the timeline."""

    __tablename__ = "complaint_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Non-identifying words only ("outcome: upheld"); never the summary or response.
    detail: Mapped[str] = mapped_column(String(300), default="")

    complaint: Mapped[Complaint] = relationship(back_populates="events")


class Compliment(Base):
    __tablename__ = "compliments"
    __table_args__ = (CheckConstraint(_in("source", SOURCES), name="source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    source: Mapped[str] = mapped_column(String(20))
    about: Mapped[str | None] = mapped_column(EncryptedText())
    summary: Mapped[str | None] = mapped_column(EncryptedText())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FamilyFeedback(Base):
    """One answer to the Friends and Family Test. Deliberately only the London date it was given."""

    __tablename__ = "family_feedback"
    __table_args__ = (CheckConstraint(_in("rating", RATINGS), name="rating"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    given_on: Mapped[date] = mapped_column(Date, index=True)
    rating: Mapped[str] = mapped_column(String(12))
    comment: Mapped[str | None] = mapped_column(EncryptedText())


class ReportNarrative(Base):
    """The manager's commentary for one quarter ("2026Q3"); saving again replaces it."""

    __tablename__ = "report_narratives"

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(String(8), unique=True)
    text: Mapped[str] = mapped_column(EncryptedText())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class LearningNeedTheme(Base):
    """The theme of a practitioner's learning need, kept when the advice is recorded (see
    consult.voice.learning), so the reports still count it after the retention purge has cleared
    the consultation's own words. A topic code only: nothing about the family or the practitioner."""

    __tablename__ = "learning_need_themes"

    consultation_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    advised_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    theme: Mapped[str] = mapped_column(String(60))


from consult.voice import learning  # noqa: E402,F401  (registers the listener that fills the table above)
