"""Who holds which family: a referral is allocated to a clinician at triage (the triaging clinician
unless another is named) and can be handed on; the caseload counts each clinician's open
referrals beside the consultations they hold, and the duty rota's least-loaded offer counts both
(`open_referral_loads` is declared in the pathway's contract as one of its `loads`)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations.errors import InvalidInput, WrongState
from consult.consultations.rota import consultation_loads
from consult.pathway.models import ReferralPathway
from consult.privacy.audit import Action, record_event
from consult.referrals.models import Referral

# A referral stays on a caseload from triage until it is closed, withdrawn or found not eligible.
OPEN_REFERRAL = ("more_information", "eligible", "assessed", "in_intervention")


def pathway_row(*, db: Session, referral: Referral) -> ReferralPathway:
    row = db.get(ReferralPathway, referral.id)
    if row is None:
        row = ReferralPathway(referral_id=referral.id)
        db.add(row)
        db.flush()
    return row


def _clinician(db: Session, clinician_id: int) -> User:
    user = db.get(User, clinician_id)
    if user is None or not user.has_role(Role.clinician):
        raise InvalidInput("clinician_id", "choose an active clinician")
    return user


ANY_HOLDER = object()  # `expected` when the caller does not mind who held the family before


def allocate(*, db: Session, referral: Referral, clinician_id: int, actor: User,
             expected: int | None | object = ANY_HOLDER) -> User:
    """Give the family to `clinician_id`. With `expected` (the holder the actor saw), a conditional
    update: if someone else re-allocated in the meantime, WrongState (409) and nothing changes."""
    from consult.referrals.service import add_event  # the referral's own timeline

    holder = _clinician(db, clinician_id)
    row = pathway_row(db=db, referral=referral)
    condition = [ReferralPathway.referral_id == referral.id]
    if expected is not ANY_HOLDER:
        condition.append(ReferralPathway.allocated_to_id.is_(None) if expected is None
                         else ReferralPathway.allocated_to_id == expected)
    done = db.execute(update(ReferralPathway).where(*condition)
                      .values(allocated_to_id=holder.id, allocated_at=clock.now())
                      .execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise WrongState(f"{referral.reference} was allocated by someone else meanwhile; reload and try again")
    db.refresh(row)
    add_event(db=db, referral=referral, kind="allocated", actor=actor, detail=f"allocated to {holder.name}")
    record_event(db=db, actor=actor, action=Action.update, record=referral.reference, detail="allocated")
    db.flush()
    return holder


def open_referral_loads(*, db: Session) -> dict[int, int]:
    """Open referrals per allocated clinician."""
    rows = db.execute(select(ReferralPathway.allocated_to_id, func.count())
                      .join(Referral, Referral.id == ReferralPathway.referral_id)
                      .where(Referral.status.in_(OPEN_REFERRAL), ReferralPathway.allocated_to_id.is_not(None))
                      .group_by(ReferralPathway.allocated_to_id))
    return {user_id: count for user_id, count in rows}  # type: ignore[misc]  # NOT NULL by the WHERE


def caseload(*, db: Session) -> list[dict[str, Any]]:
    """Every active clinician (and anyone else holding work), most loaded first."""
    referrals, consultations = open_referral_loads(db=db), consultation_loads(db=db)
    people = list(db.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
    out = [{"id": u.id, "name": u.name, "open_referrals": referrals.get(u.id, 0),
            "open_consultations": consultations.get(u.id, 0)}
           for u in people if u.role == Role.clinician or u.id in referrals or u.id in consultations]
    return sorted(out, key=lambda c: (-(c["open_referrals"] + c["open_consultations"]), c["name"]))


def my_referrals(*, db: Session, clinician: User) -> list[Referral]:
    return list(db.scalars(select(Referral).join(ReferralPathway, ReferralPathway.referral_id == Referral.id)
                           .where(ReferralPathway.allocated_to_id == clinician.id,
                                  Referral.status.in_(OPEN_REFERRAL)).order_by(Referral.id)))


def clinicians(*, db: Session) -> list[User]:
    """Everyone who can hold a family (active clinicians and those above them), by name."""
    return [u for u in db.scalars(select(User).where(User.active.is_(True)).order_by(User.name))
            if u.has_role(Role.clinician)]


def allocated_to(*, db: Session, referral: Referral) -> User | None:
    row = db.get(ReferralPathway, referral.id)
    return db.get(User, row.allocated_to_id) if row and row.allocated_to_id else None
