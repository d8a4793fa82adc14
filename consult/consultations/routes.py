"""JSON API for consultations (bearer token). Thin: parse, call one service function, shape the reply."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations import rota, schemas, service
from consult.consultations.errors import InvalidInput
from consult.consultations.feedback import record_feedback
from consult.consultations.models import Consultation
from consult.consultations.people import names_for, practitioner_for
from consult.core.types import BoundedDate, Offset, Reference
from consult.deps import ApiUser, ClinicianApi, ManagerApi, PractitionerApi, SessionDep

router = APIRouter(prefix="/api", tags=["consultations"])


def _full(db: Session, consultation: Consultation, viewer: User) -> dict[str, Any]:
    names = names_for(db=db, ids=[consultation.claimed_by_id, consultation.advised_by_id])
    return schemas.full(consultation, clock.now(), names, viewer, list(consultation.events))


@router.post("/consultations", status_code=201, response_model=schemas.CreatedOut)
def create(body: schemas.ConsultationIn, db: SessionDep, user: PractitionerApi) -> dict[str, Any]:
    """Ask for advice on a case without naming the family; acknowledged at once with a respond-by time."""
    practitioner = practitioner_for(db=db, caller=user, details=body.practitioner.model_dump())
    consultation = service.create_consultation(db=db, practitioner=practitioner, request=body.command(), actor=user)
    return schemas.created(consultation)


@router.post("/consultations/calls", status_code=201, response_model=schemas.ConsultationOut)
def log_call(body: schemas.CallIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    """A consultation held by telephone, video or in person, logged with its advice in one step."""
    practitioner = practitioner_for(db=db, caller=user, details=body.practitioner.model_dump())
    consultation = service.log_call(db=db, clinician=user, practitioner=practitioner, call=body.command())
    return _full(db, consultation, user)


@router.get("/consultations", response_model=schemas.ConsultationsOut)
def list_consultations(
    db: SessionDep, user: ApiUser,
    status_: str | None = Query(default=None, alias="status", max_length=40, description="a status, or 'open'"),
    district: str | None = Query(default=None, max_length=80),
    limit: int = Query(default=100, ge=1, le=500), offset: Offset = 0,
) -> dict[str, Any]:
    """Practitioners get their own requests; clinicians and managers get everyone's."""
    found = service.list_for_viewer(db=db, viewer=user, status=status_ or None, district=district,
                                    limit=limit, offset=offset)
    names = names_for(db=db, ids=[c.claimed_by_id for c in found])
    now = clock.now()
    return {"consultations": [schemas.brief(c, now, names) for c in found]}


@router.get("/consultations/queue", response_model=schemas.ConsultationsOut)
def queue(db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    """Open requests, urgent first, then least time left."""
    found = service.open_queue(db=db)
    names = names_for(db=db, ids=[c.claimed_by_id for c in found])
    now = clock.now()
    return {"consultations": [schemas.brief(c, now, names) for c in found]}


@router.get("/consultations/{reference}", response_model=schemas.ConsultationOut)
def get_one(reference: Reference, db: SessionDep, user: ApiUser) -> dict[str, Any]:
    consultation = service.view(db=db, reference=reference, viewer=user)
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/claim", response_model=schemas.ConsultationOut)
def claim(reference: Reference, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    consultation = service.claim(db=db, consultation=service.get_consultation(db=db, reference=reference), clinician=user)
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/handover", response_model=schemas.ConsultationOut)
def hand_over(reference: Reference, body: schemas.HandOverIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    to = db.get(User, body.to)
    if to is None:
        raise InvalidInput("to", "no such user")
    consultation = service.hand_over(db=db, consultation=service.get_consultation(db=db, reference=reference),
                                     by=user, to=to)
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/advice", response_model=schemas.ConsultationOut)
def advice(reference: Reference, body: schemas.AdviceIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    consultation = service.record_advice(
        db=db, consultation=service.get_consultation(db=db, reference=reference), clinician=user,
        advice=body.advice, recommendation=body.recommendation, thrive=body.thrive,
        scores=body.scores.model_dump() if body.scores else None, learning_needs=body.learning_needs,
    )
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/close", response_model=schemas.ConsultationOut)
def close(reference: Reference, db: SessionDep, user: ClinicianApi, body: schemas.CloseIn | None = None) -> dict[str, Any]:
    consultation = service.close(db=db, consultation=service.get_consultation(db=db, reference=reference),
                                 actor=user, reason=body.reason if body else None)
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/withdraw", response_model=schemas.ConsultationOut)
def withdraw(reference: Reference, db: SessionDep, user: PractitionerApi) -> dict[str, Any]:
    consultation = service.withdraw(db=db, consultation=service.get_for_viewer(db=db, reference=reference, viewer=user),
                                    practitioner=user)
    return _full(db, consultation, user)


@router.post("/consultations/{reference}/feedback", status_code=201, response_model=schemas.ConsultationOut)
def feedback(reference: Reference, body: schemas.FeedbackIn, db: SessionDep, user: PractitionerApi) -> dict[str, Any]:
    """The practitioner who asked says how helpful the advice was and how confident they felt."""
    consultation = service.get_for_viewer(db=db, reference=reference, viewer=user)
    record_feedback(db=db, consultation=consultation, practitioner=user, helpfulness=body.helpfulness,
                            confidence_before=body.confidence_before, confidence_after=body.confidence_after,
                            comment=body.comment)
    return _full(db, consultation, user)


@router.get("/duty-rota/{day}", response_model=schemas.DutyOut)
def duty(day: BoundedDate, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return {"day": day.isoformat(), "clinicians": [{"id": u.id, "name": u.name} for u in rota.duty_for(db=db, day=day)]}


@router.put("/duty-rota/{day}", response_model=schemas.DutyOut)
def set_duty(day: BoundedDate, body: schemas.DutyIn, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    people = [db.get(User, i) for i in body.clinicians]
    if any(p is None or not p.has_role(Role.clinician) for p in people):
        raise InvalidInput("clinicians", "every id must be a clinician")
    rota.set_duty(db=db, day=day, clinicians=[p for p in people if p is not None], actor=user)
    return duty(day, db, user)
