"""Booking data under the service's privacy rules: the retention purge and subject access.

A booking keeps what the commissioner's figures need (time, method, status, role, district)
for good; the practitioner's name, email, phone and the case summary go once the retention
period has passed, or when the practitioner asks to be erased. A removed booking is marked by
its name, so the purge is idempotent without reading encrypted columns.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from booking.models import Booking
from consult.contract import RetentionPurger, SubjectSource
from consult.privacy.subject_access import Subject

REMOVED = "(removed)"
_ANONYMOUS = dict(practitioner_name=REMOVED, practitioner_email="removed@invalid", practitioner_phone=None, summary="")


def purge_old_bookings(db: Session, cutoff: datetime) -> int:
    result = db.execute(
        update(Booking).where(Booking.ends_at < cutoff, Booking.practitioner_name != REMOVED)
        .values(**_ANONYMOUS).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def export_bookings(db: Session, subject: Subject) -> list[dict[str, Any]]:
    if not subject.email:
        return []
    rows = db.scalars(select(Booking).where(Booking.practitioner_email == subject.email).order_by(Booking.starts_at))
    return [
        {"reference": b.reference, "start": b.starts_at.isoformat(), "method": b.method, "status": b.status.value,
         "name": b.practitioner_name, "phone": b.practitioner_phone, "role": b.practitioner_role,
         "organisation": b.organisation, "district": b.district, "summary": b.summary}
        for b in rows
    ]


def erase_bookings(db: Session, subject: Subject) -> int:
    if not subject.email:
        return 0
    result = db.execute(
        update(Booking).where(Booking.practitioner_email == subject.email)
        .values(**_ANONYMOUS).execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


PURGER = RetentionPurger("booking", purge_old_bookings)
SOURCE = SubjectSource("booking", export=export_bookings, erase=erase_bookings)
