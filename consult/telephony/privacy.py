"""The line in the retention purge and in subject access (declared in its contract).

The purge clears who called (number, its index, the matched account) once a call is older than the
profile's identifiable_data_years; the call's time, status, length and call-back stay for the
figures. Subject access finds a person's calls through their account (the caller matched by work
number) and exports or erases them with the account's work number.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.contract import RetentionPurger, SubjectSource
from consult.privacy.subject_access import Subject, subject_user_ids
from consult.telephony.models import PhoneCall, WorkPhone

CLEARED = {"caller_number": None, "caller_index": None, "caller_id": None}


def purge_old_calls(db: Session, cutoff: datetime) -> int:
    result = db.execute(update(PhoneCall).where(PhoneCall.started_at < cutoff, PhoneCall.purged_at.is_(None))
                        .values(**CLEARED, purged_at=clock.now()).execution_options(synchronize_session=False))
    return result.rowcount or 0  # type: ignore[attr-defined]


def _theirs(db: Session, ids: list[int]) -> ColumnElement[bool]:
    """Calls matched to the person's account, or from their work number (also before it was on the account)."""
    indexes = list(db.scalars(select(WorkPhone.number_index).where(WorkPhone.user_id.in_(ids))))
    return or_(PhoneCall.caller_id.in_(ids), PhoneCall.caller_index.in_(indexes))


def export_calls(db: Session, subject: Subject) -> dict[str, list[str] | list[dict[str, Any]]] | None:
    ids = subject_user_ids(db, subject)
    if not ids:
        return None
    phones = [row.number for row in db.scalars(select(WorkPhone).where(WorkPhone.user_id.in_(ids)))]
    made = db.scalars(select(PhoneCall).where(_theirs(db, ids)).order_by(PhoneCall.started_at))
    calls = [{"reference": c.reference, "started_at": c.started_at.isoformat(), "status": c.status,
              "from_number": c.caller_number, "duration_seconds": c.duration_seconds,
              "called_back_at": c.called_back_at.isoformat() if c.called_back_at else None} for c in made]
    if not phones and not calls:
        return None
    return {"work_phones": phones, "calls_to_the_line": calls}


def erase_calls(db: Session, subject: Subject) -> int:
    ids = subject_user_ids(db, subject)
    if not ids:
        return 0
    calls = db.execute(update(PhoneCall).where(_theirs(db, ids)).values(**CLEARED)  # type: ignore[attr-defined]
                       .execution_options(synchronize_session=False)).rowcount or 0
    phones = db.execute(delete(WorkPhone).where(WorkPhone.user_id.in_(ids))).rowcount or 0  # type: ignore[attr-defined]
    return phones + calls


PURGER = RetentionPurger("telephone_calls", purge_old_calls)
SOURCE = SubjectSource("telephone_line", export=export_calls, erase=erase_calls)
