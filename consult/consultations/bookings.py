"""What a triage booking's later changes do to the consultation it opened or joined.

A booking is logged as a consultation (`booking/consultations.py`). When the booking is cancelled,
a consultation the booking opened has nothing left to wait for: it is withdrawn (the practitioner
cancelled) or closed without advice (a clinician cancelled), with the booking named in the
timeline, so it leaves the queue and the open log. A request the practitioner made first and
later joined to a booking still asks its question: it stays open and the timeline says the
booking went. Advice already given stays as it is. When the booking moves to another clinician,
the claim moves with it, if the first clinician still holds it.

Each change is one conditional UPDATE from the state read (`consult.core.transitions`), in the
caller's transaction: a clinician claiming or advising at the same moment makes it a conflict,
which the booking package turns into its own refusal and rolls back the booking's change too.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.consultations.models import Consultation, ConsultationEvent
from consult.consultations.service import _lost, _unchanged, add_event
from consult.core.transitions import transition


def opened_by(db: Session, consultation: Consultation, booking_reference: str) -> bool:
    """True if the booking opened this consultation (rather than joining a request made before):
    a joined request carries the "booked" line `booking.consultations` adds when it joins."""
    joined = db.scalar(select(ConsultationEvent.id).where(
        ConsultationEvent.consultation_id == consultation.id, ConsultationEvent.kind == "booked",
        ConsultationEvent.detail == f"triage booking {booking_reference}"))
    return consultation.booking_reference == booking_reference and joined is None


def settle_cancelled_booking(*, db: Session, consultation: Consultation, booking_reference: str, actor: User | None,
                             by_clinician: bool) -> Consultation:
    """The booking was cancelled: settle the consultation it opened, or note it on one it joined."""
    who = "a clinician" if by_clinician else "the practitioner"
    detail = f"triage booking {booking_reference} cancelled by {who}"
    if not consultation.is_open or not opened_by(db, consultation, booking_reference):
        add_event(db=db, consultation=consultation, kind="booking_cancelled", actor=actor, detail=detail)
        return consultation
    now = clock.now()
    values: dict[str, Any]
    if by_clinician:
        values = {"closed_at": now, "closed_by_id": actor.id if actor else None, "closed_without_advice": True}
        kind, to_state = "closed", "closed"
    else:
        values, kind, to_state = {"closed_at": now}, "withdrawn", "withdrawn"
    if not transition(db, consultation, consultation.status, to_state, when=_unchanged(consultation), **values):
        raise _lost(db, consultation)
    add_event(db=db, consultation=consultation, kind=kind, actor=actor, detail=detail)
    db.flush()
    return consultation


def follow_moved_booking(*, db: Session, consultation: Consultation, booking_reference: str, from_clinician_id: int,
                         to: User, actor: User | None) -> Consultation:
    """The booking now sits with `to`: the claim the first clinician held on its consultation moves too."""
    if to.id == from_clinician_id or not consultation.is_open:
        return consultation
    if consultation.status != "claimed" or consultation.claimed_by_id != from_clinician_id:
        add_event(db=db, consultation=consultation, kind="booking_moved", actor=actor,
                  detail=f"triage booking {booking_reference} now with {to.name}")
        return consultation
    if not transition(db, consultation, "claimed", "claimed", when=_unchanged(consultation),
                      claimed_by_id=to.id, claimed_at=clock.now()):
        raise _lost(db, consultation)
    add_event(db=db, consultation=consultation, kind="booking_moved", actor=actor,
              detail=f"claim moved to {to.name} with triage booking {booking_reference}")
    db.flush()
    return consultation
