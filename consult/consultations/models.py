"""Consultation requests, their append-only timeline, feedback, the duty rota and sent notices.

Figures that reports need (acknowledged_at, respond_by, advised_at, working hours to advice,
within-target flags, received date and month) are stored when they happen, so the reporting
package can use plain SQL aggregates without re-running the working-day calendar.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import clock
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText
from consult.timeline import TimelineEvent

CHANNELS = ("web", "slack", "phone", "video", "in_person")
CALL_CHANNELS = ("phone", "video", "in_person")
STATUSES = ("acknowledged", "claimed", "advised", "closed", "withdrawn")
OPEN_STATUSES = ("acknowledged", "claimed")
URGENCIES = ("routine", "urgent")
CONTACTS = ("chat", "phone", "video", "email")
CONCERNS = (
    "not_bonding", "no_positive_relationship", "own_parent_relationship", "negative_thoughts",
    "trauma", "additional_difficulties", "infant_distress_signs",
)
RECOMMENDATIONS = (
    "pir_referral_advised", "not_eligible_guidance", "universal_targeted_offer",
    "perinatal_mental_health", "safeguarding_route", "other_service",
)
THRIVE_LEVELS = ("thriving", "getting_advice", "getting_help", "getting_more_help", "getting_risk_support")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


# The columns of the reports' covering indexes, in index order (migration 0007_reporting).
REPORTING_COLUMNS = (
    "received_on", "district", "practitioner_role", "organisation_type", "channel", "status", "recommendation",
    "thrive", "cluster", "acknowledged_within_target", "advised_within_target", "working_hours_to_advice",
    "respond_by", "advised_at", "logged_call", "closed_without_advice", "received_month",
)
FEEDBACK_REPORTING_COLUMNS = ("given_at", "confidence_before", "confidence_after", "confidence_change", "helpfulness")


class ReferenceCounter(Base):
    """Next number for human references per prefix and year (PIMH-2026-00042)."""

    __tablename__ = "reference_counters"

    prefix: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Consultation(Base):
    __tablename__ = "consultations"
    __table_args__ = (
        CheckConstraint(_in("channel", CHANNELS), name="channel"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(_in("urgency", URGENCIES), name="urgency"),
        CheckConstraint(_in("preferred_contact", CONTACTS), name="preferred_contact"),
        CheckConstraint(f"recommendation IS NULL OR {_in('recommendation', RECOMMENDATIONS)}", name="recommendation"),
        CheckConstraint(f"thrive IS NULL OR {_in('thrive', THRIVE_LEVELS)}", name="thrive"),
        CheckConstraint("infant_age_months IS NULL OR (infant_age_months >= 0 AND infant_age_months <= 60)", name="infant_age"),
        CheckConstraint(
            "(score_severity IS NULL OR score_severity BETWEEN 1 AND 6) AND "
            "(score_relationship IS NULL OR score_relationship BETWEEN 1 AND 6) AND "
            "(score_protection IS NULL OR score_protection BETWEEN 1 AND 6) AND "
            "(score_parent_mental_health IS NULL OR score_parent_mental_health BETWEEN 1 AND 6) AND "
            "(cluster IS NULL OR cluster BETWEEN 1 AND 6)",
            name="cluster_scores",
        ),
        CheckConstraint("respond_by > received_at", name="respond_after_receipt"),
        CheckConstraint("status NOT IN ('advised', 'closed') OR advised_at IS NOT NULL OR closed_without_advice",
                        name="advised_has_time"),
        Index("ix_consultations_status_respond_by", "status", "respond_by"),
        # The reports' covering index (migration 0007_reporting): every consultation figure is read from it.
        Index("ix_consultations_reporting", *REPORTING_COLUMNS),
        Index("ix_consultations_practitioner_received", "practitioner_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    channel: Mapped[str] = mapped_column(String(12))
    status: Mapped[str] = mapped_column(String(12), default="acknowledged", index=True)
    logged_call: Mapped[bool] = mapped_column(Boolean, default=False)
    booking_reference: Mapped[str | None] = mapped_column(String(40), unique=True)

    # Who asked: the account plus a snapshot of role and organisation at the time, for reports.
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    practitioner_name: Mapped[str] = mapped_column(String(200))
    practitioner_email: Mapped[str | None] = mapped_column(String(320))
    practitioner_role: Mapped[str | None] = mapped_column(String(120))
    organisation: Mapped[str | None] = mapped_column(String(200))
    organisation_type: Mapped[str | None] = mapped_column(String(60))
    practitioner_slack_id: Mapped[str | None] = mapped_column(String(40))

    # The case, without naming the family.
    summary: Mapped[str] = mapped_column(EncryptedText())
    district: Mapped[str] = mapped_column(String(80), index=True)
    infant_age_months: Mapped[int | None] = mapped_column(Integer)
    antenatal: Mapped[bool] = mapped_column(Boolean, default=False)
    urgency: Mapped[str] = mapped_column(String(10), default="routine")
    preferred_contact: Mapped[str] = mapped_column(String(10), default="chat")
    callback_phone: Mapped[str | None] = mapped_column(EncryptedText())
    callback_window: Mapped[str | None] = mapped_column(String(120))
    consent_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)

    # Clocks, stored at the moment they happen. Reports filter on received_on, district, status
    # and clinician (indexed); low-cardinality columns are scanned, not indexed, to keep bulk
    # inserts fast.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_on: Mapped[date] = mapped_column(Date, index=True)  # London date
    received_month: Mapped[str] = mapped_column(String(7))  # "2026-11"
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    working_hours_to_acknowledge: Mapped[float] = mapped_column(Float, default=0.0)
    acknowledged_within_target: Mapped[bool] = mapped_column(Boolean, default=True)
    due_soon_at: Mapped[datetime] = mapped_column(UTCDateTime())
    respond_by: Mapped[datetime] = mapped_column(UTCDateTime())

    offered_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Advice and outcome.
    advised_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    advised_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    advice: Mapped[str | None] = mapped_column(EncryptedText())
    working_hours_to_advice: Mapped[float | None] = mapped_column(Float)
    advised_within_target: Mapped[bool | None] = mapped_column(Boolean)
    recommendation: Mapped[str | None] = mapped_column(String(40))
    thrive: Mapped[str | None] = mapped_column(String(30))
    score_severity: Mapped[int | None] = mapped_column(Integer)
    score_relationship: Mapped[int | None] = mapped_column(Integer)
    score_protection: Mapped[int | None] = mapped_column(Integer)
    score_parent_mental_health: Mapped[int | None] = mapped_column(Integer)
    cluster: Mapped[int | None] = mapped_column(Integer)
    learning_needs: Mapped[str | None] = mapped_column(String(500))

    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_without_advice: Mapped[bool] = mapped_column(Boolean, default=False)

    # Set once each, so the escalation job and prompts never repeat themselves.
    due_soon_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    feedback_prompted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    concerns: Mapped[list[ConsultationConcern]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationConcern.code", lazy="selectin"
    )
    events: Mapped[list[ConsultationEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ConsultationEvent.id", back_populates="consultation"
    )
    feedback: Mapped[ConsultationFeedback | None] = relationship(cascade="all, delete-orphan", uselist=False)

    @property
    def concern_codes(self) -> list[str]:
        return [c.code for c in self.concerns]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ConsultationConcern(Base):
    __tablename__ = "consultation_concerns"
    __table_args__ = (CheckConstraint(_in("code", CONCERNS), name="code"),)

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class ConsultationEvent(TimelineEvent, Base):
    """One line of a consultation's timeline. Append-only: the database refuses updates."""

    __tablename__ = "consultation_events"

    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)

    consultation: Mapped[Consultation] = relationship(back_populates="events")


class ConsultationFeedback(Base):
    __tablename__ = "consultation_feedback"
    __table_args__ = (
        CheckConstraint("helpfulness BETWEEN 1 AND 5", name="helpfulness"),
        CheckConstraint("confidence_before BETWEEN 1 AND 5", name="confidence_before"),
        CheckConstraint("confidence_after BETWEEN 1 AND 5", name="confidence_after"),
        Index("ix_consultation_feedback_reporting", *FEEDBACK_REPORTING_COLUMNS),  # migration 0007_reporting
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), unique=True)
    given_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    helpfulness: Mapped[int] = mapped_column(Integer)
    confidence_before: Mapped[int] = mapped_column(Integer)
    confidence_after: Mapped[int] = mapped_column(Integer)
    # Stored so reports average a column rather than computing per row.
    confidence_change: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(EncryptedText())


class DutyRota(Base):
    """Which clinicians are on triage duty on a working day."""

    __tablename__ = "duty_rota"
    __table_args__ = (UniqueConstraint("day", "clinician_id", name="uq_duty_rota_day_clinician"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class SentNotice(Base):
    """A notice the jobs have sent, by a unique key, so a second run sends nothing twice."""

    __tablename__ = "sent_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(160), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
