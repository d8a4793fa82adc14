"""Work phone numbers on accounts: set on the web or the API, encrypted at rest, found by a keyed
blind index (the same number always gives the same index; the ciphertext differs every time)."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.privacy.audit import Action, record_event
from consult.privacy.crypto import blind_index
from consult.telephony import rules
from consult.telephony.errors import InvalidInput
from consult.telephony.models import WorkPhone


def index_for(number: str) -> str:
    return blind_index(number)  # numbers are normalised to E.164 before they are indexed


def set_work_phone(*, db: Session, user: User, number: str | None, actor: User | str | None) -> str | None:
    """Set (or, with an empty value, remove) the account's work number; returns it as E.164."""
    if not (number or "").strip():
        db.execute(delete(WorkPhone).where(WorkPhone.user_id == user.id))
        record_event(db=db, actor=actor, action=Action.update, record=f"user:{user.id}", detail="work phone removed")
        return None
    try:
        normalised = rules.normalise_number(number or "")
    except ValueError as exc:
        raise InvalidInput("work_phone", str(exc)) from None
    row = db.get(WorkPhone, user.id) or WorkPhone(user_id=user.id)
    row.number, row.number_index, row.updated_at = normalised, index_for(normalised), clock.now()
    db.add(row)
    db.flush()
    record_event(db=db, actor=actor, action=Action.update, record=f"user:{user.id}", detail="work phone set")
    return normalised


def work_phone(*, db: Session, user_id: int) -> str | None:
    row = db.get(WorkPhone, user_id)
    return row.number if row else None


def work_phones(*, db: Session, user_ids: Iterable[int]) -> dict[int, str]:
    ids = list(user_ids)
    if not ids:
        return {}
    return {row.user_id: row.number for row in db.scalars(select(WorkPhone).where(WorkPhone.user_id.in_(ids)))}


def match_caller(*, db: Session, number: str | None) -> User | None:
    """The active account whose work number the call came from (the oldest account if shared)."""
    if rules.is_withheld(number):
        return None
    index = index_for(rules.normalise_number(number or ""))
    return db.scalar(select(User).join(WorkPhone, WorkPhone.user_id == User.id)
                     .where(WorkPhone.number_index == index, User.active.is_(True)).order_by(User.id).limit(1))
