"""The family's pathway after a referral arrives: who holds the family, and their appointments.

Kept beside the referral rather than on it so this package owns its own tables (its own
migration branch); one `referral_pathway` row per referral, created when first needed.
Appointment rows carry the method and a place name only: a home visit says "home visit",
never the address, so nothing here identifies the family beyond the referral's reference.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText

KINDS = ("assessment", "intervention", "review")
METHODS = ("home_visit", "clinic", "video", "phone")
OUTCOMES = ("attended", "did_not_attend", "cancelled_by_family", "cancelled_by_service")
APPOINTMENT_STATUSES = ("booked", *OUTCOMES)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ReferralPathway(Base):
    """Allocation, the GP practice the letter goes to, and an open did-not-attend review."""

    __tablename__ = "referral_pathway"

    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"), primary_key=True)
    allocated_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    allocated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The family's GP practice (name and town): together with the reference it points at a family.
    gp_practice: Mapped[str | None] = mapped_column(EncryptedText())
    # Set when the did-not-attend policy asks the clinician to decide whether to close; cleared by the decision.
    dna_review_since: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FamilyAppointment(Base):
    __tablename__ = "family_appointments"
    __table_args__ = (
        CheckConstraint(_in("kind", KINDS), name="kind"),
        CheckConstraint(_in("method", METHODS), name="method"),
        CheckConstraint(_in("status", APPOINTMENT_STATUSES), name="status"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_family_appointments_clinician_starts", "clinician_id", "starts_at"),
        Index("ix_family_appointments_referral_starts", "referral_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    clinician_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))
    method: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(200), default="")  # a Family Hub or clinic name; never a home address
    session_label: Mapped[str | None] = mapped_column(String(120))  # the extra (evening/Saturday) session, if one
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(24), default="booked")
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE: up on every change
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    @property
    def uid(self) -> str:
        return f"family-appointment-{self.id}@pimh-consult"


# Outcome measures beyond MORS-SF, PHQ-9 and GAD-7 (Kent §16.5, the generic specification), each
# recorded as its total: (label, lowest, highest, lower is better; None where nobody has told us).
# CBTS, ADBB and HADS ranges are the tools' own. The seeds name PIOS and ASQ:SE-2 without ranges, so
# their bounds are documented ones (README, "Outcome measures"), not the tools' published ranges:
# - PIOS: an observer's whole-number total, 0 to 100; the direction is not stated, so its change is
#   reported as a number without "better" or "worse".
# - ASQ:SE-2: recorded with its age interval (ASQSE2_INTERVALS, months). Every item scores 0, 5 or 10
#   plus 5 when the parent marks a concern, and the longest questionnaire (60 months) has 36 scored
#   items, so no interval's total exceeds 36 x 15 = 540; the per-interval maxima are not checked. The
#   generic specification: a fall in the score is an improvement.
MEASURES: dict[str, tuple[str, int, int, bool | None]] = {
    "cbits": ("City Birth Trauma Scale (symptom total)", 0, 60, True),
    "adbb": ("Alarm Distress Baby Scale", 0, 32, True),
    "hads_anxiety": ("HADS anxiety", 0, 21, True),
    "hads_depression": ("HADS depression", 0, 21, True),
    "pios": ("PIOS (Parent Infant Interaction Observation Scale) total", 0, 100, None),
    "asqse2": ("ASQ:SE-2 total", 0, 540, True),
}
ASQSE2 = "asqse2"
ASQSE2_INTERVALS = (2, 6, 12, 18, 24, 30, 36, 48, 60)  # the questionnaire's age intervals, in months
SCORE_STAGES = ("referral", "assessment", "end_of_intervention")


class OutcomeScore(Base):
    """One measure's total at one stage of one referral."""

    __tablename__ = "outcome_scores"
    __table_args__ = (
        CheckConstraint(_in("stage", SCORE_STAGES), name="stage"),
        CheckConstraint(_in("measure", tuple(MEASURES)), name="measure"),
        CheckConstraint(" OR ".join(f"(measure = '{m}' AND total BETWEEN {lo} AND {hi})"
                                    for m, (_, lo, hi, _) in MEASURES.items()), name="total_in_range"),
        CheckConstraint(f"(measure = '{ASQSE2}' AND age_interval_months IN ({', '.join(map(str, ASQSE2_INTERVALS))}))"
                        f" OR (measure <> '{ASQSE2}' AND age_interval_months IS NULL)", name="age_interval"),
        Index("uq_outcome_scores_referral_stage_measure", "referral_id", "stage", "measure", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(24))
    measure: Mapped[str] = mapped_column(String(24))
    total: Mapped[int] = mapped_column(Integer)
    # ASQ:SE-2 only: which age interval's questionnaire the total comes from (months).
    age_interval_months: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
