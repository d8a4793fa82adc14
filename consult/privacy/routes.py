"""Audit log (JSON API and manager page) and the privacy notice. Thin: parse, call, render."""
from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import Field

from consult.core.answers import Answer
from consult.deps import ManagerApi, ManagerPage, ProfileDep, SessionDep
from consult.privacy.audit import ACTION_WORDS, ACTIONS, search
from consult.web import render

router = APIRouter()
PER_PAGE = 50


class AuditEventOut(Answer):
    at: str
    actor: str
    action: str
    record: str


class AuditEventsOut(Answer):
    events: list[AuditEventOut] = Field(description="newest first")


@router.get("/api/audit", tags=["audit"], response_model=AuditEventsOut)
def audit_events(
    db: SessionDep,
    user: ManagerApi,
    record: Annotated[str | None, Query(max_length=120, description="A record's reference, e.g. a referral's")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditEventsOut:
    """Who did what to a record, newest first (managers and admins)."""
    found = search(db=db, record=record, per_page=limit)
    return AuditEventsOut(events=[AuditEventOut(**row.as_api()) for row in found.rows])


def _parse_day(value: str | None, field: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors[field] = "Enter a date like 2026-11-23."
        return None


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    db: SessionDep,
    user: ManagerPage,
    record: str = "",
    actor: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    errors: dict[str, str] = {}
    if action and action not in ACTIONS:
        errors["action"] = "Choose one of the listed actions."
    since_day = _parse_day(since, "since", errors)
    until_day = _parse_day(until, "until", errors)
    if since_day and until_day and until_day < since_day:
        errors["until"] = "The end date must be on or after the start date."
    filters = {"record": record[:120], "actor": actor[:120], "action": action, "since": since, "until": until}
    found = None
    if not errors:
        found = search(db=db, record=record[:120] or None, actor=actor[:120] or None, action=action or None,
                       since=since_day, until=until_day, page=max(1, page), per_page=PER_PAGE)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "privacy/audit.html", {
        "filters": filters, "errors": errors, "found": found, "actions": ACTIONS, "action_words": ACTION_WORDS,
        "query": query,
    }, status_code=400 if errors else 200)


@router.get("/privacy", include_in_schema=False)
def privacy_notice(request: Request, profile: ProfileDep) -> HTMLResponse:
    return render(request, "privacy/notice.html", {"retention": profile.retention})
