"""JSON API for complaints, compliments, families' feedback and the quarter's narrative
(api.md "Complaints, compliments, family feedback and the quarter's narrative"). Thin transport."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.deps import ClinicianApi, ManagerApi, SessionDep
from consult.profiles import active_profile
from consult.ratelimit import rate_limit
from consult.voice import feedback, narrative, schemas, service, views
from consult.voice.models import OUTCOMES, RATINGS, SOURCES, Complaint

router = APIRouter(tags=["complaints and feedback"])
Source = Literal[SOURCES]  # type: ignore[valid-type]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ComplaintIn(_In):
    received_on: date
    source: Source
    about: str = Field(max_length=200)
    summary: str = Field(max_length=8000)
    reference: str | None = Field(default=None, max_length=40)


class CloseIn(_In):
    outcome: Literal[OUTCOMES]  # type: ignore[valid-type]
    response: str = Field(max_length=8000)


class AcknowledgeIn(_In):
    on: date | None = None


class ComplimentIn(_In):
    received_on: date
    source: Source
    about: str = Field(max_length=200)
    summary: str = Field(max_length=4000)


class FeedbackIn(_In):
    rating: Literal[RATINGS]  # type: ignore[valid-type]
    comment: str | None = Field(default=None, max_length=feedback.MAX_COMMENT)


class NarrativeIn(_In):
    text: str = Field(max_length=narrative.MAX_TEXT)


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.post("/api/complaints", status_code=201, response_model=schemas.ComplaintCreatedOut)
def record(body: ComplaintIn, db: SessionDep, user: ClinicianApi, response: Response) -> schemas.ComplaintCreatedOut:
    _no_store(response)
    complaint = service.record_complaint(db=db, recorder=user, received_on=body.received_on, source=body.source,
                                         about=body.about, summary=body.summary, reference=body.reference)
    return schemas.ComplaintCreatedOut.model_validate(views.created(complaint))


@router.get("/api/complaints", response_model=schemas.ComplaintsOut)
def list_complaints(db: SessionDep, user: ManagerApi, response: Response,
                    status: Annotated[str | None, Query(max_length=20)] = None) -> schemas.ComplaintsOut:
    _no_store(response)
    now = clock.now()
    found = service.list_complaints(db=db, viewer=user, status=status)
    return schemas.ComplaintsOut.model_validate({"complaints": [views.summary(c, now) for c in found]})


@router.get("/api/complaints/{reference}", response_model=schemas.ComplaintOut)
def get_one(reference: str, db: SessionDep, user: ManagerApi, response: Response) -> schemas.ComplaintOut:
    _no_store(response)
    complaint = service.get_complaint(db=db, reference=reference, viewer=user)
    return schemas.ComplaintOut.model_validate(views.full(db, complaint, clock.now()))


def _act(db: Session, reference: str, user: User, action: Callable[[Complaint], object]) -> schemas.ComplaintOut:
    complaint = service.get_complaint(db=db, reference=reference, viewer=user)
    action(complaint)
    return schemas.ComplaintOut.model_validate(views.full(db, complaint, clock.now()))


@router.post("/api/complaints/{reference}/acknowledge", response_model=schemas.ComplaintOut)
def acknowledge(reference: str, db: SessionDep, user: ManagerApi, body: AcknowledgeIn | None = None) -> schemas.ComplaintOut:
    return _act(db, reference, user, lambda c: service.acknowledge(db=db, complaint=c, manager=user,
                                                                   on=body.on if body else None))


@router.post("/api/complaints/{reference}/investigate", response_model=schemas.ComplaintOut)
def investigate(reference: str, db: SessionDep, user: ManagerApi) -> schemas.ComplaintOut:
    return _act(db, reference, user, lambda c: service.investigate(db=db, complaint=c, manager=user))


@router.post("/api/complaints/{reference}/close", response_model=schemas.ComplaintOut)
def close(reference: str, body: CloseIn, db: SessionDep, user: ManagerApi) -> schemas.ComplaintOut:
    return _act(db, reference, user, lambda c: service.close(db=db, complaint=c, manager=user, outcome=body.outcome,
                                                             response=body.response))


@router.post("/api/compliments", status_code=201, response_model=schemas.ComplimentOut)
def compliment(body: ComplimentIn, db: SessionDep, user: ClinicianApi) -> schemas.ComplimentOut:
    found = service.record_compliment(db=db, recorder=user, received_on=body.received_on, source=body.source,
                                      about=body.about, summary=body.summary)
    return schemas.ComplimentOut(id=found.id)


# The limit is the profile's, read on each request.
FEEDBACK_LIMIT = rate_limit("family_feedback", lambda: active_profile().voice.feedback_rate_limit)


@router.post("/api/feedback/family", status_code=201, dependencies=[Depends(FEEDBACK_LIMIT)],
             response_model=schemas.ThanksOut)
def family_feedback(body: FeedbackIn, db: SessionDep, response: Response) -> schemas.ThanksOut:
    """No sign-in. Nothing about the sender is stored; a comment with an identifier is refused (422)."""
    _no_store(response)
    feedback.record_feedback(db=db, rating=body.rating, comment=body.comment)
    return schemas.ThanksOut(thanks="Thank you for telling us.")


@router.put("/api/reports/narrative", response_model=schemas.NarrativeOut)
def put_narrative(body: NarrativeIn, db: SessionDep, user: ManagerApi,
                  quarter: Annotated[str, Query(max_length=8, description="e.g. 2026Q3")]) -> schemas.NarrativeOut:
    saved = narrative.save(db=db, label=quarter, text=body.text, manager=user)
    return schemas.NarrativeOut(quarter=saved.quarter, text=saved.text, updated_at=saved.updated_at.isoformat(),
                                updated_by=user.name)
