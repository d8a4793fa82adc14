"""The pathway's records in the retention purge and in subject access (declared in its contract).

The GP practice is the only identifiable value the pathway holds (appointments name a method and
a Family Hub, never a home address). The purge clears it with the referral's own identifiable
fields (closed or withdrawn longer than identifiable_data_years ago); subject access exports a
family's GP practice, allocation and appointments, found through the referral's blind index.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from consult.contract import RetentionPurger, SubjectSource
from consult.pathway.models import FamilyAppointment, OutcomeScore, ReferralPathway
from consult.privacy.crypto import blind_index
from consult.privacy.subject_access import Subject
from consult.referrals.models import Referral


def purge_gp_practices(db: Session, cutoff: datetime) -> int:
    old = select(Referral.id).where(Referral.status.in_(("closed", "withdrawn")), Referral.closed_at < cutoff)
    done = db.execute(update(ReferralPathway).where(ReferralPathway.referral_id.in_(old),
                                                    ReferralPathway.gp_practice.is_not(None))
                      .values(gp_practice=None).execution_options(synchronize_session=False))
    db.flush()
    return done.rowcount or 0  # type: ignore[attr-defined]


def _family_ids(db: Session, subject: Subject) -> list[int]:
    if not subject.nhs_number:
        return []
    index = blind_index(subject.nhs_number)
    return list(db.scalars(select(Referral.id).where(
        or_(Referral.parent_nhs_index == index, Referral.infant_nhs_index == index)).order_by(Referral.id)))


def export_family(db: Session, subject: Subject) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for referral_id in _family_ids(db, subject):
        row = db.get(ReferralPathway, referral_id)
        visits = db.scalars(select(FamilyAppointment).where(FamilyAppointment.referral_id == referral_id)
                            .order_by(FamilyAppointment.starts_at))
        out.append({"reference": db.get(Referral, referral_id).reference,  # type: ignore[union-attr]  # the ids are the family's own referrals
                    "gp_practice": row.gp_practice if row else None,
                    "appointments": [{"starts": a.starts_at.isoformat(), "kind": a.kind, "method": a.method,
                                      "place": a.place, "outcome": a.status} for a in visits],
                    "outcome_measures": [{"stage": o.stage, "measure": o.measure, "total": o.total,
                                          **({"age_interval_months": o.age_interval_months}
                                             if o.age_interval_months is not None else {})}
                                         for o in db.scalars(select(OutcomeScore).where(
                                             OutcomeScore.referral_id == referral_id).order_by(OutcomeScore.id))]})
    return out


def erase_family(db: Session, subject: Subject) -> int:
    ids = _family_ids(db, subject)
    if not ids:
        return 0
    done = db.execute(update(ReferralPathway).where(ReferralPathway.referral_id.in_(ids),
                                                    ReferralPathway.gp_practice.is_not(None))
                      .values(gp_practice=None).execution_options(synchronize_session=False))
    db.flush()
    return done.rowcount or 0  # type: ignore[attr-defined]


PURGER = RetentionPurger("pathway", purge_gp_practices)
SOURCE = SubjectSource("pathway", export=export_family, erase=erase_family)
