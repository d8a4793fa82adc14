"""Referrals in the retention purge and in subject access (registered on import).

The purge clears a family's identifiable fields once a closed or withdrawn referral is older than
the profile's identifiable_data_years; the row, its dates and codes stay for the figures. Subject
access finds a family by NHS number through the keyed blind index, never by decrypting every row.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult import clock
from consult.contract import RetentionPurger, SubjectSource
from consult.privacy.crypto import blind_index
from consult.privacy.subject_access import Subject
from consult.referrals import views
from consult.referrals.models import Referral

IDENTIFIABLE = ("referrer_name", "referrer_email", "referrer_phone", "parent_nhs_number", "parent_nhs_index",
                "parent_date_of_birth", "parent_postcode", "relationship_to_infant", "language",
                "infant_nhs_number", "infant_nhs_index", "infant_date_of_birth", "infant_expected_due_date",
                "description", "guidance", "end_of_contact_letter", "withdrawn_reason")


def _clear(referral: Referral) -> None:
    for name in IDENTIFIABLE:
        setattr(referral, name, None)
    referral.purged_at = clock.now()


def purge_old_referrals(db: Session, cutoff: datetime) -> int:
    rows = db.scalars(select(Referral).where(
        Referral.status.in_(("closed", "withdrawn")), Referral.closed_at < cutoff, Referral.purged_at.is_(None)))
    count = 0
    for referral in rows:
        _clear(referral)
        count += 1
    db.flush()
    return count


def _family(db: Session, subject: Subject) -> list[Referral]:
    if not subject.nhs_number:
        return []
    index = blind_index(subject.nhs_number)
    return list(db.scalars(select(Referral).where(
        or_(Referral.parent_nhs_index == index, Referral.infant_nhs_index == index)).order_by(Referral.id)))


def export_family(db: Session, subject: Subject) -> list[dict[str, Any]]:
    now = clock.now()
    return [views.full(r, now) for r in _family(db, subject)]


def erase_family(db: Session, subject: Subject) -> int:
    found = [r for r in _family(db, subject) if r.purged_at is None]
    for referral in found:
        _clear(referral)
    db.flush()
    return len(found)


PURGER = RetentionPurger("referrals", purge_old_referrals)
SOURCE = SubjectSource("referrals", export=export_family, erase=erase_family)
