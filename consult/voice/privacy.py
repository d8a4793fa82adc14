"""Complaints, compliments and families' comments in the retention purge and subject access.

The purge clears the free text of complaints closed, and compliments and family comments given,
before the profile's identifiable_data_years; dates, sources, outcomes and ratings stay for the
figures. Subject access: a family is found through the referrals their NHS number is on (a
complaint about a referral names it); a member of staff through the complaints and compliments
they recorded. Families' feedback is anonymous by design, so no subject can be matched to it.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.clock import LONDON
from consult.contract import RetentionPurger, SubjectSource
from consult.privacy.crypto import blind_index
from consult.privacy.subject_access import Subject, subject_user_ids
from consult.referrals.models import Referral
from consult.voice.models import Complaint, Compliment, FamilyFeedback


def _clear_complaint(c: Complaint) -> None:
    c.about = c.summary = c.response = None
    c.purged_at = clock.now()


def purge(db: Session, cutoff: datetime) -> int:
    day = cutoff.astimezone(LONDON).date()
    count = 0
    for complaint in db.scalars(select(Complaint).where(
            Complaint.status == "closed", Complaint.closed_on < day, Complaint.purged_at.is_(None))):
        _clear_complaint(complaint)
        count += 1
    count += db.execute(update(Compliment).where(Compliment.received_on < day, Compliment.purged_at.is_(None))  # type: ignore[attr-defined]
                        .values(about=None, summary=None, purged_at=clock.now())).rowcount or 0
    count += db.execute(update(FamilyFeedback).where(FamilyFeedback.given_on < day, FamilyFeedback.comment.is_not(None))  # type: ignore[attr-defined]
                        .values(comment=None)).rowcount or 0
    db.flush()
    return count


def _about_family(db: Session, subject: Subject) -> list[Complaint]:
    if not subject.nhs_number:
        return []
    index = blind_index(subject.nhs_number)
    references = select(Referral.reference).where(
        or_(Referral.parent_nhs_index == index, Referral.infant_nhs_index == index))
    return list(db.scalars(select(Complaint).where(Complaint.related_reference.in_(references)).order_by(Complaint.id)))


def _complaint(c: Complaint) -> dict[str, Any]:
    return {"reference": c.reference, "received_on": c.received_on.isoformat(), "source": c.source,
            "about": c.about, "summary": c.summary, "related_reference": c.related_reference, "status": c.status,
            "outcome": c.outcome, "response": c.response,
            "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "detail": e.detail} for e in c.events]}


def export(db: Session, subject: Subject) -> dict[str, list[dict[str, Any]]] | None:
    ids = subject_user_ids(db, subject)
    recorded = list(db.scalars(select(Complaint).where(Complaint.recorded_by_id.in_(ids)))) if ids else []
    compliments = list(db.scalars(select(Compliment).where(Compliment.recorded_by_id.in_(ids)))) if ids else []
    about = _about_family(db, subject)
    if not (recorded or compliments or about):
        return None
    return {
        "complaints_about_the_family": [_complaint(c) for c in about],
        "complaints_recorded": [{"reference": c.reference, "received_on": c.received_on.isoformat()} for c in recorded],
        "compliments_recorded": [{"received_on": c.received_on.isoformat(), "about": c.about, "summary": c.summary}
                                 for c in compliments],
    }


def erase(db: Session, subject: Subject) -> int:
    """A family's complaints lose their free text; a member of staff's records stay (they were
    recorded at work) and name them only through the account, which its own source anonymises."""
    found = [c for c in _about_family(db, subject) if c.purged_at is None]
    for complaint in found:
        _clear_complaint(complaint)
    db.flush()
    return len(found)


PURGER = RetentionPurger("complaints_and_feedback", purge)
SOURCE = SubjectSource("complaints_and_feedback", export=export, erase=erase)
