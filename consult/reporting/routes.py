"""Reports JSON/CSV API (api.md "Reports"): bearer token, manager or admin. Thin transport."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response, StreamingResponse
from pydantic import ConfigDict, Field

from consult.core.answers import Answer, Number
from consult.core.types import BoundedDate
from consult.deps import ManagerApi, SessionDep
from consult.reporting import service
from consult.reporting.log import LogFilters

router = APIRouter(prefix="/api/reports", tags=["reports"])
QuarterParam = Annotated[str, Query(max_length=20, description="A calendar quarter, e.g. 2026Q3")]


def csv_response(name: str, body: str | Iterator[str]) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    if isinstance(body, str):
        return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
    return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=headers)


class QuarterlyOut(Answer):
    """The quarter's figures: the ones api.md promises are named here; every domain's contract adds
    more (docs/architecture.md), so the others pass through as they are."""
    model_config = ConfigDict(extra="allow")

    quarter: str
    period_start: str
    period_end: str = Field(description="the quarter's last day")
    consultations: int
    acknowledged_within_target_pct: Number | None
    advised_within_target_pct: Number | None
    median_working_hours_to_advice: Number | None
    by_district: dict[str, int]
    by_role: dict[str, int]
    by_outcome: dict[str, int]
    by_thrive: dict[str, int]
    confidence_change: Number | None = Field(description="mean confidence after minus before")
    bookings: int
    did_not_attend: int
    faq_questions: int
    faq_unanswered: int = Field(description="questions the FAQ declined")
    referrals: int
    triaged_within_target_pct: Number | None
    eligible_pct: Number | None
    intervention_started_within_target_pct: Number | None
    supervision_sessions: int
    supervision_attendance_pct: Number | None
    training_delegates: int
    training_completed: int


@router.get("/quarterly", response_model=QuarterlyOut)
def quarterly(db: SessionDep, user: ManagerApi, quarter: QuarterParam) -> dict[str, Any]:
    """The quarterly performance figures (not suppressed: this stays inside the service)."""
    # Encoded first, as the answer always was: the figures the model does not name pass through
    # untyped, and SQL averages can be Decimals, which pydantic would write as strings.
    figures: dict[str, Any] = jsonable_encoder(service.quarterly(db=db, quarter_label=quarter))  # PeriodError: 422
    return figures


@router.get("/quarterly.csv")
def quarterly_csv(db: SessionDep, user: ManagerApi, quarter: QuarterParam, suppress: bool = True) -> Response:
    """The commissioner's return as CSV; counts from 1 to 4 appear as `<5` unless suppress=false."""
    name, text = service.quarterly_csv(db=db, quarter_label=quarter, suppress=suppress, actor=user)
    return csv_response(name, text)


@router.get("/consultations.csv")
def consultations_csv(
    db: SessionDep,
    user: ManagerApi,
    date_from: Annotated[BoundedDate | None, Query(alias="from")] = None,
    date_to: Annotated[BoundedDate | None, Query(alias="to")] = None,
) -> Response:
    """The pseudonymised consultation log for consultations received from `from` to `to` (inclusive)."""
    if date_from and date_to and date_to < date_from:
        raise HTTPException(422, "'to' must be on or after 'from'")
    name, lines = service.consultations_csv(db=db, filters=LogFilters(date_from=date_from, date_to=date_to), actor=user)
    return csv_response(name, lines)
