"""Practitioners' feedback after advice: helpfulness and confidence before and after (1-5)."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.consultations.errors import InvalidInput, NotFound, WrongState
from consult.consultations.models import Consultation, ConsultationFeedback
from consult.consultations.service import add_event


def record_feedback(*, db: Session, consultation: Consultation, practitioner: User, helpfulness: int,
                    confidence_before: int, confidence_after: int, comment: str | None = None) -> ConsultationFeedback:
    if consultation.practitioner_id != practitioner.id:
        raise NotFound(consultation.reference)
    if consultation.advised_at is None:
        raise WrongState(f"feedback opens once advice on {consultation.reference} has been given")
    if consultation.feedback is not None:
        raise WrongState(f"feedback on {consultation.reference} has already been given; thank you")
    for field, value in (("helpfulness", helpfulness), ("confidence_before", confidence_before),
                         ("confidence_after", confidence_after)):
        if not (isinstance(value, int) and 1 <= value <= 5):
            raise InvalidInput(field, "a whole number from 1 to 5")
    feedback = ConsultationFeedback(
        consultation_id=consultation.id, given_at=clock.now(), helpfulness=helpfulness,
        confidence_before=confidence_before, confidence_after=confidence_after,
        confidence_change=confidence_after - confidence_before, comment=(comment or "").strip()[:2000] or None,
    )
    try:
        # The unique consultation_id decides between two at once (a double submit): the second is told.
        with db.begin_nested():
            db.add(feedback)
            db.flush()
    except IntegrityError:
        raise WrongState(f"feedback on {consultation.reference} has already been given; thank you") from None
    db.refresh(consultation, ["feedback"])
    add_event(db=db, consultation=consultation, kind="feedback", actor=practitioner,
              detail=f"helpfulness {helpfulness}/5, confidence {confidence_before} → {confidence_after}")
    db.flush()
    return feedback
