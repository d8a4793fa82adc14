"""Who a consultation is for (the asking practitioner) and display names for clinicians."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.auth.service import add_user, find_user_by_email
from consult.consultations.errors import InvalidInput
from consult.consultations.models import Consultation
from consult.core.transitions import conditional_update

_DETAIL_FIELDS = {"role": "job_role", "organisation": "organisation", "organisation_type": "organisation_type",
                  "district": "district"}


def _fill_blanks(user: User, details: Mapping[str, str | None]) -> None:
    """Complete a profile from what was sent, never overwriting what the account already says."""
    for key, attr in _DETAIL_FIELDS.items():
        value = (details.get(key) or "").strip()
        if value and not getattr(user, attr):
            setattr(user, attr, value)


def practitioner_for(*, db: Session, caller: User, details: Mapping[str, str | None]) -> User:
    """A practitioner asks for themselves; a clinician logging on someone's behalf names them
    (found by email, or added as a practitioner account without a password)."""
    if caller.role == Role.practitioner:
        _fill_blanks(caller, details)
        return caller
    email = (details.get("email") or "").strip().lower()
    name = (details.get("name") or "").strip()
    if email:
        if "@" not in email or len(email) > 320:
            raise InvalidInput("practitioner.email", "not an email address")
        user = find_user_by_email(db=db, email=email)
        if user is None:
            if not name:
                raise InvalidInput("practitioner.name", "give the practitioner's name")
            user = add_user(db=db, name=name, email=email, role=Role.practitioner)
        _fill_blanks(user, details)
        return user
    if name:
        raise InvalidInput("practitioner.email", "give the practitioner's work email so they can see the advice")
    return caller


def join_account(*, db: Session, consultation: Consultation, account: User) -> bool:
    """A consultation opened under a stand-in (a booking made without an account: no email, not
    active) becomes the account's. Only from a stand-in, and only once (a conditional update)."""
    current = db.get(User, consultation.practitioner_id)
    if current is None or current.active or current.email is not None or current.id == account.id:
        return False
    return conditional_update(db, consultation, Consultation.practitioner_id == current.id,
                              practitioner_id=account.id, practitioner_email=account.email,
                              practitioner_slack_id=account.slack_user_id)


def names_for(*, db: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return dict(db.execute(select(User.id, User.name).where(User.id.in_(wanted))).all())
