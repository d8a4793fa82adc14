"""Consent records: what was consented to, for whom, given or refused, who recorded it and when.

Consent is never edited: a withdrawal is a new record with `given=False`, and the newest record
for a subject and purpose is the one in force. `subject` is a reference (e.g. a referral's
reference), never a name.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from consult import clock
from consult.auth.models import User
from consult.db import Base, UTCDateTime
from consult.privacy.audit import Action, record_event


class Purpose(str, enum.Enum):
    referral = "referral"  # informed consent to the referral itself
    holding_data = "holding_data"  # to the service holding the family's details
    data_linkage = "data_linkage"  # to linking records with other services for outcomes
    contact = "contact"  # to the service contacting the family directly


# How the audit log says each purpose ("consent to data linkage given", not "data_linkage").
PURPOSE_WORDS = {Purpose.referral: "the referral", Purpose.holding_data: "holding the family's details",
                 Purpose.data_linkage: "data linkage", Purpose.contact: "contact by the service"}


class ConsentRecord(Base):
    __tablename__ = "consent_records"
    __table_args__ = (
        CheckConstraint("purpose IN ('referral', 'holding_data', 'data_linkage', 'contact')", name="purpose"),
        Index("ix_consent_records_subject_purpose", "subject", "purpose"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(120))
    purpose: Mapped[str] = mapped_column(String(30))
    given: Mapped[bool] = mapped_column(Boolean)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # How consent was obtained ("verbal, by the referring health visitor"); no identifiers.
    note: Mapped[str] = mapped_column(String(300), default="")


def record_consent(
    *, db: Session, subject: str, purpose: Purpose | str, given: bool, recorded_by: User, note: str = ""
) -> ConsentRecord:
    from consult.privacy.redact import redact

    purpose = Purpose(purpose)
    row = ConsentRecord(
        subject=subject, purpose=purpose.value, given=given, recorded_by_id=recorded_by.id,
        recorded_at=clock.now(), note=redact(note)[:300],
    )
    db.add(row)
    db.flush()
    record_event(
        db=db, actor=recorded_by, action=Action.create, record=subject,
        detail=f"consent to {PURPOSE_WORDS[purpose]} {'given' if given else 'refused or withdrawn'}",
    )
    return row


def consent_history(*, db: Session, subject: str) -> list[ConsentRecord]:
    return list(db.scalars(
        select(ConsentRecord).where(ConsentRecord.subject == subject).order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ))


def current_consent(*, db: Session, subject: str, purpose: Purpose | str) -> bool | None:
    """The newest answer for this purpose; None when consent was never asked."""
    latest = db.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.subject == subject, ConsentRecord.purpose == Purpose(purpose).value)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc())
        .limit(1)
    )
    return None if latest is None else latest.given
