"""JSON API for referrals (api.md "Referrals", bearer token). Thin: parse, call the service, shape."""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.core.types import IN_RANGE, Reference
from consult.deps import ApiUser, ClinicianApi, ManagerApi, PractitionerApi, SessionDep
from consult.readiness.schemas import IsoDate, Screening
from consult.readiness.schemas import Referral as ReferralBody
from consult.referrals import schemas, service, views
from consult.referrals.models import Referral

router = APIRouter(prefix="/api/referrals", tags=["referrals"])


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ClusterScores(_In):
    severity: StrictInt | None = None
    relationship: StrictInt | None = None
    protection: StrictInt | None = None
    parent_mental_health: StrictInt | None = None


class TriageIn(_In):
    outcome: Literal["eligible", "not_eligible", "more_information"]
    thrive: str | None = Field(default=None, max_length=40)
    guidance: str = Field(max_length=8000)
    scores: ClusterScores | None = None
    # Whose caseload the family joins; the triaging clinician when not given.
    allocate_to: StrictInt | None = None


class DateIn(_In):
    date: Annotated[IsoDate, IN_RANGE]  # a date the service works on: within 1900 to 2100
    screening: Screening | None = None


class CloseIn(_In):
    letter: str = Field(max_length=8000)
    screening: Screening | None = None


class WithdrawIn(_In):
    reason: str = Field(max_length=2000)


class FollowUpIn(_In):
    note: str = Field(default="", max_length=300)


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


@router.post("", status_code=201, response_model=schemas.CreatedOut)
def submit(body: ReferralBody, db: SessionDep, user: PractitionerApi, response: Response) -> dict[str, Any]:
    """Send a referral: the readiness rules decide; any problem is a 422 with the findings and nothing stored."""
    _no_store(response)
    referral = service.submit(db=db, body=body, practitioner=user, channel="api")  # Refused: 422 with the findings
    return views.created(referral)


@router.get("/linkage.csv")
def linkage_csv(db: SessionDep, user: ManagerApi) -> Response:
    """For the shared care record: reference and NHS numbers, only where data-linkage consent is in force."""
    rows = service.linkage_rows(db=db, actor=user)
    lines = ["reference,parent_nhs_number,infant_nhs_number"] + [
        f"{r['reference']},{r['parent_nhs_number'] or ''},{r['infant_nhs_number'] or ''}" for r in rows]
    return Response("\r\n".join(lines) + "\r\n", media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="pimh-referral-linkage.csv"', "Cache-Control": "no-store"})


@router.get("", response_model=schemas.ReferralsOut)
def list_referrals(db: SessionDep, user: ApiUser, status: str | None = Query(default=None, max_length=30)) -> dict[str, Any]:
    """The referrer's own referrals, or every referral for clinicians and above (status and dates only)."""
    now = clock.now()
    return {"referrals": [views.masked(r, now) for r in service.list_for_viewer(db=db, viewer=user, status=status)]}


def _one(db: Session, reference: str, user: User) -> dict[str, Any]:
    referral, full = service.view(db=db, reference=reference, viewer=user)
    return views.full(referral, clock.now()) if full else views.masked(referral, clock.now())


@router.get("/{reference}", response_model=schemas.ReferralOut)
def get_one(reference: Reference, db: SessionDep, user: ApiUser, response: Response) -> dict[str, Any]:
    _no_store(response)
    return _one(db, reference, user)


def _act(db: Session, reference: str, user: User, action: Callable[[Referral], object]) -> dict[str, Any]:
    action(service.get_referral(db=db, reference=reference))
    return _one(db, reference, user)


@router.post("/{reference}/triage", response_model=schemas.ReferralOut)
def triage(reference: Reference, body: TriageIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return _act(db, reference, user, lambda r: service.triage(
        db=db, referral=r, clinician=user, outcome=body.outcome, thrive=body.thrive, guidance=body.guidance,
        scores=body.scores.model_dump() if body.scores else None, allocate_to=body.allocate_to))


@router.post("/{reference}/assessment", response_model=schemas.ReferralOut)
def assessment(reference: Reference, body: DateIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return _act(db, reference, user, lambda r: service.record_assessment(
        db=db, referral=r, clinician=user, on=body.date, screening=body.screening))


@router.post("/{reference}/intervention-start", response_model=schemas.ReferralOut)
def intervention_start(reference: Reference, body: DateIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return _act(db, reference, user, lambda r: service.start_intervention(db=db, referral=r, clinician=user, on=body.date))


@router.post("/{reference}/close", response_model=schemas.ReferralOut)
def close(reference: Reference, body: CloseIn, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return _act(db, reference, user, lambda r: service.close(
        db=db, referral=r, clinician=user, letter=body.letter, screening=body.screening))


@router.post("/{reference}/withdraw", response_model=schemas.ReferralOut)
def withdraw(reference: Reference, body: WithdrawIn, db: SessionDep, user: PractitionerApi) -> dict[str, Any]:
    referral, _full = service.view(db=db, reference=reference, viewer=user)
    service.withdraw(db=db, referral=referral, actor=user, reason=body.reason)
    return _one(db, reference, user)


@router.post("/{reference}/follow-up", response_model=schemas.ReferralOut)
def follow_up(reference: Reference, db: SessionDep, user: ClinicianApi, body: FollowUpIn | None = None) -> dict[str, Any]:
    """The six-month call was made; the body (`{"note": "..."}`) is optional, as on the page."""
    note = body.note if body else ""
    return _act(db, reference, user, lambda r: service.complete_follow_up(db=db, referral=r, clinician=user, note=note))


