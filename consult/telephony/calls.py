"""Clinicians' side of the line: the call record (every read audited), recording a call-back, and
linking an answered call to the consultation logged from it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.consultations.models import Consultation
from consult.core.calendar import calendar_for
from consult.privacy.audit import Action, record_event, record_events
from consult.telephony.errors import Conflict, InvalidInput
from consult.telephony.errors import NotFound as NotFound  # re-exported: callers catch calls.NotFound
from consult.telephony.models import CALLBACK_OUTCOMES, STATUSES, PhoneCall


@dataclass(frozen=True)
class CallView:
    call: PhoneCall
    caller_name: str | None
    caller_role: str | None
    consultation_reference: str | None
    callback_holder: str | None = None  # the clinician who has taken the call-back, by name

    def as_api(self) -> dict[str, Any]:
        c = self.call
        return {"id": c.id, "started_at": c.started_at.isoformat(), "status": c.status,
                "caller": {"matched": c.caller_id is not None, "name": self.caller_name},
                "callback_due": c.callback_due.isoformat() if c.callback_due else None,
                "consultation_reference": self.consultation_reference}


def _clinician(user: User) -> None:
    if not user.has_role(Role.clinician):
        raise PermissionError("the line's calls are for clinicians")


def _views(db: Session, calls: list[PhoneCall]) -> list[CallView]:
    ids = {c.caller_id for c in calls if c.caller_id} | {c.callback_claimed_by_id for c in calls if c.callback_claimed_by_id}
    people = {u.id: u for u in db.scalars(select(User).where(User.id.in_(ids)))}
    refs = dict(db.execute(select(Consultation.id, Consultation.reference).where(
        Consultation.id.in_({c.consultation_id for c in calls if c.consultation_id}))).all())
    return [CallView(c, people[c.caller_id].name if c.caller_id in people else None,
                     people[c.caller_id].job_role if c.caller_id in people else None,
                     refs.get(c.consultation_id) if c.consultation_id else None,
                     people[c.callback_claimed_by_id].name if c.callback_claimed_by_id in people else None)
            for c in calls]


def list_calls(*, db: Session, viewer: User, status: str | None = None, limit: int = 200) -> list[CallView]:
    """Newest first; each call shown is an audited read (one flush for the page)."""
    _clinician(viewer)
    query = select(PhoneCall).order_by(PhoneCall.started_at.desc(), PhoneCall.id.desc()).limit(limit)
    if status:
        if status not in STATUSES:
            raise InvalidInput("status", f"choose one of {', '.join(STATUSES)}")
        query = query.where(PhoneCall.status == status)
    calls = list(db.scalars(query))
    if calls:
        record_events(db=db, actor=viewer, action=Action.read, records=[c.reference for c in calls],
                      detail="call list")
    return _views(db, calls)


def get_call(*, db: Session, call_id: int, viewer: User, detail: str = "call opened") -> CallView:
    _clinician(viewer)
    call = db.get(PhoneCall, call_id)
    if call is None:
        raise NotFound(call_id)
    record_event(db=db, actor=viewer, action=Action.read, record=call.reference, detail=detail)
    return _views(db, [call])[0]


def record_callback(*, db: Session, call_id: int, clinician: User, outcome: str, now: datetime) -> PhoneCall:
    """The clinician called back: the task leaves the queue. Conditional, so of two clinicians
    recording the same call-back one wins and the other is told (Conflict, a 409)."""
    _clinician(clinician)
    if outcome not in CALLBACK_OUTCOMES:
        raise InvalidInput("outcome", "choose what happened when you called back")
    call = db.get(PhoneCall, call_id)
    if call is None:
        raise NotFound(call_id)
    if call.callback_due is None:
        raise Conflict(f"{call.reference} has no call-back to record.")
    result = db.execute(update(PhoneCall).where(PhoneCall.id == call_id, PhoneCall.called_back_at.is_(None))
                        .values(called_back_at=now, called_back_by_id=clinician.id, callback_outcome=outcome,
                                callback_within_target=now <= call.callback_due,
                                working_hours_to_callback=round(
                                    calendar_for(db).working_hours_between(call.started_at, now), 2))
                        .execution_options(synchronize_session=False))
    if not result.rowcount:  # type: ignore[attr-defined]
        raise Conflict(f"The call-back for {call.reference} has already been recorded.")
    db.refresh(call)
    record_event(db=db, actor=clinician, action=Action.update, record=call.reference,
                 detail=f"call-back recorded: {outcome.replace('_', ' ')}")
    return call


def claim_callback(*, db: Session, call_id: int, clinician: User) -> PhoneCall:
    """The clinician claims a call-back still to make, as a consultation is claimed: the queue then
    shows and filters it under them. Conditional, so of two clinicians taking it at once one wins
    and the other is told who has it (Conflict); taking one's own again changes nothing."""
    _clinician(clinician)
    call = db.get(PhoneCall, call_id)
    if call is None:
        raise NotFound(call_id)
    if call.callback_due is None or call.called_back_at is not None:
        raise Conflict(f"{call.reference} has no call-back waiting to be made.")
    result = db.execute(update(PhoneCall).where(PhoneCall.id == call_id, PhoneCall.called_back_at.is_(None),
                                                PhoneCall.callback_claimed_by_id.is_(None))
                        .values(callback_claimed_by_id=clinician.id).execution_options(synchronize_session=False))
    db.refresh(call)
    if not result.rowcount:  # type: ignore[attr-defined]
        if call.callback_claimed_by_id == clinician.id:
            return call
        holder = db.get(User, call.callback_claimed_by_id) if call.callback_claimed_by_id else None
        raise Conflict(f"The call-back for {call.reference} has already been claimed"
                       + (f" by {holder.name}." if holder else " or made."))
    record_event(db=db, actor=clinician, action=Action.update, record=call.reference, detail="call-back claimed")
    return call


def link_consultation(*, db: Session, call_id: int, consultation: Consultation, actor: User) -> bool:
    """The consultation logged from an answered call; the first one logged is kept."""
    result = db.execute(update(PhoneCall).where(PhoneCall.id == call_id, PhoneCall.consultation_id.is_(None))
                        .values(consultation_id=consultation.id).execution_options(synchronize_session=False))
    if result.rowcount:  # type: ignore[attr-defined]
        record_event(db=db, actor=actor, action=Action.update, record=f"CALL-{call_id:06d}",
                     detail=f"logged as {consultation.reference}")
    return bool(result.rowcount)  # type: ignore[attr-defined]


def log_call_prefill(*, db: Session, call_id: int, viewer: User) -> dict[str, Any]:
    """What the one-step call log starts with for an answered call: who called, when, how long."""
    view = get_call(db=db, call_id=call_id, viewer=viewer, detail="call log opened")
    call = view.call
    caller = db.get(User, call.caller_id) if call.caller_id else None
    return {
        "call_id": call.id, "call_started_at": call.started_at, "call_duration": call.duration_seconds,
        "call_reference": call.reference, "channel": "phone",
        **({"name": caller.name, "email": caller.email or "", "role": caller.job_role or "",
            "organisation_type": caller.organisation_type or "", "district": caller.district or ""} if caller else {}),
    }
