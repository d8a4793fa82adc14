"""Referrals: the family's record, its append-only timeline and its screening scores.

Every identifiable value (names, NHS numbers, dates of birth, postcode, phone numbers, free
text) is an EncryptedText column; NHS numbers also carry a keyed blind index so subject access
can find a family without decrypting every row. Clock figures (triage_by, within-target flags)
are stored when they happen so reports are plain SQL aggregates.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from consult import clock
from consult.consultations.models import THRIVE_LEVELS
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText
from consult.timeline import TimelineEvent

STATUSES = ("acknowledged", "more_information", "eligible", "not_eligible", "assessed", "in_intervention",
            "closed", "withdrawn")
# Still waiting for a clinician's decision: on the triage clock.
AWAITING_TRIAGE = ("acknowledged", "more_information")
OUTCOMES = ("eligible", "not_eligible", "more_information")
STAGES = ("referral", "assessment", "end_of_intervention")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"triage_outcome IS NULL OR {_in('triage_outcome', OUTCOMES)}", name="triage_outcome"),
        CheckConstraint(f"thrive IS NULL OR {_in('thrive', THRIVE_LEVELS)}", name="thrive"),
        CheckConstraint("triage_by > received_at", name="triage_after_receipt"),
        CheckConstraint(
            "(score_severity IS NULL OR score_severity BETWEEN 1 AND 6) AND "
            "(score_relationship IS NULL OR score_relationship BETWEEN 1 AND 6) AND "
            "(score_protection IS NULL OR score_protection BETWEEN 1 AND 6) AND "
            "(score_parent_mental_health IS NULL OR score_parent_mental_health BETWEEN 1 AND 6) AND "
            "(cluster IS NULL OR cluster BETWEEN 1 AND 6)",
            name="cluster_scores",
        ),
        CheckConstraint("intervention_started_on IS NULL OR assessment_on IS NOT NULL", name="assessed_before_start"),
        Index("ix_referrals_status_triage_by", "status", "triage_by"),
        Index("ix_referrals_referrer_received", "referrer_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(24), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="acknowledged")
    channel: Mapped[str] = mapped_column(String(12), default="web")

    # The referring practitioner: their account, and the details typed on the form.
    referrer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    referrer_name: Mapped[str | None] = mapped_column(EncryptedText())
    referrer_role: Mapped[str | None] = mapped_column(String(200))
    referrer_organisation: Mapped[str | None] = mapped_column(String(200))
    referrer_email: Mapped[str | None] = mapped_column(EncryptedText())
    referrer_phone: Mapped[str | None] = mapped_column(EncryptedText())
    source: Mapped[str] = mapped_column(String(60))

    # The family. Nullable so the retention purge can clear them while the figures stay.
    parent_nhs_number: Mapped[str | None] = mapped_column(EncryptedText())
    parent_nhs_index: Mapped[str | None] = mapped_column(String(64), index=True)
    parent_date_of_birth: Mapped[str | None] = mapped_column(EncryptedText())
    parent_postcode: Mapped[str | None] = mapped_column(EncryptedText())
    relationship_to_infant: Mapped[str | None] = mapped_column(EncryptedText())
    interpreter_required: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str | None] = mapped_column(EncryptedText())
    district: Mapped[str] = mapped_column(String(80), index=True)
    infant_nhs_number: Mapped[str | None] = mapped_column(EncryptedText())
    infant_nhs_index: Mapped[str | None] = mapped_column(String(64), index=True)
    infant_date_of_birth: Mapped[str | None] = mapped_column(EncryptedText())
    infant_expected_due_date: Mapped[str | None] = mapped_column(EncryptedText())
    antenatal: Mapped[bool] = mapped_column(Boolean, default=False)
    concerns: Mapped[str] = mapped_column(String(400), default="")  # codes, comma-separated
    description: Mapped[str | None] = mapped_column(EncryptedText())
    safeguarding_concerns: Mapped[bool] = mapped_column(Boolean, default=False)
    safeguarding_procedures_followed: Mapped[bool] = mapped_column(Boolean, default=False)
    # As given on the form; the consent_records rows are the authority and may change later.
    data_linkage_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    # Clocks.
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_on: Mapped[date] = mapped_column(Date, index=True)  # London date
    acknowledged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    triage_due_soon_at: Mapped[datetime] = mapped_column(UTCDateTime())
    triage_by: Mapped[datetime] = mapped_column(UTCDateTime())

    # Triage.
    triaged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    triaged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    triage_outcome: Mapped[str | None] = mapped_column(String(20))
    triaged_within_target: Mapped[bool | None] = mapped_column(Boolean)
    thrive: Mapped[str | None] = mapped_column(String(30))
    guidance: Mapped[str | None] = mapped_column(EncryptedText())
    score_severity: Mapped[int | None] = mapped_column(Integer)
    score_relationship: Mapped[int | None] = mapped_column(Integer)
    score_protection: Mapped[int | None] = mapped_column(Integer)
    score_parent_mental_health: Mapped[int | None] = mapped_column(Integer)
    cluster: Mapped[int | None] = mapped_column(Integer)

    # Pathway dates.
    assessment_on: Mapped[date | None] = mapped_column(Date)
    intervention_start_by: Mapped[date | None] = mapped_column(Date)
    intervention_started_on: Mapped[date | None] = mapped_column(Date)
    intervention_started_within_target: Mapped[bool | None] = mapped_column(Boolean)

    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    end_of_contact_letter: Mapped[str | None] = mapped_column(EncryptedText())
    follow_up_on: Mapped[date | None] = mapped_column(Date, index=True)
    follow_up_done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawn_reason: Mapped[str | None] = mapped_column(EncryptedText())

    # Set once each, so escalations are never repeated.
    due_soon_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    events: Mapped[list[ReferralEvent]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralEvent.id", back_populates="referral")
    scores: Mapped[list[ReferralScore]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralScore.id", back_populates="referral")

    @property
    def concern_codes(self) -> list[str]:
        return [c for c in self.concerns.split(",") if c]


class ReferralEvent(TimelineEvent, Base):
    """One line of a referral's timeline. Append-only: the database refuses updates."""

    __tablename__ = "referral_events"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), index=True)

    referral: Mapped[Referral] = relationship(back_populates="events")


class ReferralScore(Base):
    """MORS-SF, PHQ-9 and GAD-7 at one stage; ranges as in the readiness rules."""

    __tablename__ = "referral_scores"
    __table_args__ = (
        CheckConstraint(_in("stage", STAGES), name="stage"),
        CheckConstraint("mors_warmth IS NULL OR mors_warmth BETWEEN 0 AND 35", name="mors_warmth"),
        CheckConstraint("mors_invasion IS NULL OR mors_invasion BETWEEN 0 AND 35", name="mors_invasion"),
        CheckConstraint("phq9_total IS NULL OR phq9_total BETWEEN 0 AND 27", name="phq9_total"),
        CheckConstraint("phq9_item9 IS NULL OR phq9_item9 BETWEEN 0 AND 3", name="phq9_item9"),
        CheckConstraint("gad7_total IS NULL OR gad7_total BETWEEN 0 AND 21", name="gad7_total"),
        Index("uq_referral_scores_stage", "referral_id", "stage", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(24))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    mors_warmth: Mapped[int | None] = mapped_column(Integer)
    mors_invasion: Mapped[int | None] = mapped_column(Integer)
    phq9_total: Mapped[int | None] = mapped_column(Integer)
    phq9_item9: Mapped[int | None] = mapped_column(Integer)
    gad7_total: Mapped[int | None] = mapped_column(Integer)

    referral: Mapped[Referral] = relationship(back_populates="scores")
