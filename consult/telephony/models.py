"""Calls to the consultation line, and staff work numbers.

A call is one row per provider call id (`UNIQUE (provider, call_sid)`), so a webhook the provider
retries can never make a second record. The caller's number is encrypted (EncryptedText) with a
keyed blind index beside it, so a caller can be matched to an account and found for subject access
without decrypting every row. Work numbers live in their own table (any account may have one:
clinicians so the line can dial them, practitioners so their calls are recognised).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime
from consult.privacy.crypto import EncryptedText

STATUSES = ("ringing", "answered", "missed", "voicemail", "out_of_hours")
# Why a call was not put through to a clinician (None when it was dialled).
CLOSED_REASONS = ("out_of_hours", "bank_holiday", "closure", "nobody_on_duty")
CALLBACK_OUTCOMES = ("spoke", "no_answer", "left_message", "not_needed")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class PhoneCall(Base):
    __tablename__ = "phone_calls"
    __table_args__ = (
        UniqueConstraint("provider", "call_sid", name="uq_phone_calls_provider_call_sid"),
        CheckConstraint(_in("status", STATUSES), name="status"),
        CheckConstraint(f"closed_reason IS NULL OR {_in('closed_reason', CLOSED_REASONS)}", name="closed_reason"),
        CheckConstraint(f"callback_outcome IS NULL OR {_in('callback_outcome', CALLBACK_OUTCOMES)}",
                        name="callback_outcome"),
        CheckConstraint("duration_seconds IS NULL OR duration_seconds >= 0", name="duration"),
        CheckConstraint("called_back_at IS NULL OR callback_due IS NOT NULL", name="callback_needs_due"),
        Index("ix_phone_calls_callback_open", "called_back_at", "callback_due"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(20))
    call_sid: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    status: Mapped[str] = mapped_column(String(20))
    closed_reason: Mapped[str | None] = mapped_column(String(20))
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    # Who called: the number only encrypted; the index finds an account or a subject's calls.
    caller_number: Mapped[str | None] = mapped_column(EncryptedText())
    caller_index: Mapped[str | None] = mapped_column(String(64), index=True)
    caller_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # The duty clinicians dialled, in order (user ids, comma-separated), and who answered.
    dial_plan: Mapped[str] = mapped_column(String(200), default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    # The call-back task: due in working hours from the profile; done when a clinician records it.
    callback_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_due: Mapped[datetime | None] = mapped_column(UTCDateTime())
    callback_due_soon_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The clinician who has taken the call-back (the queue shows and filters it under them), until it is made.
    callback_claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    called_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    called_back_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    callback_outcome: Mapped[str | None] = mapped_column(String(20))
    callback_within_target: Mapped[bool | None] = mapped_column(Boolean)
    # Stored when the call-back is recorded, so the figures are plain SQL (as working_hours_to_advice is).
    working_hours_to_callback: Mapped[float | None] = mapped_column(Float)
    due_soon_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    overdue_escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    consultation_id: Mapped[int | None] = mapped_column(ForeignKey("consultations.id", ondelete="SET NULL"))
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def reference(self) -> str:
        """How the call is named in the audit log, the queue and notices (never by number)."""
        return f"CALL-{self.id:06d}"

    @property
    def dialled_ids(self) -> list[int]:
        return [int(part) for part in self.dial_plan.split(",") if part]


class WorkPhone(Base):
    __tablename__ = "work_phones"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    number: Mapped[str] = mapped_column(EncryptedText())
    number_index: Mapped[str] = mapped_column(String(64), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
