"""Home page and health check."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from consult import clock
from consult.core.calendar import calendar_for
from consult.db import session_factory
from consult.deps import ApiUser, ProfileDep, SessionDep
from consult.home import panels_for
from consult.web import render, signed_in_user

router = APIRouter()


class HealthOut(BaseModel):
    status: str
    database: str


class MeOut(BaseModel):
    id: int
    name: str
    email: str | None
    role: str
    district: str | None


@router.get("/healthz", tags=["health"], response_model=HealthOut,
            responses={503: {"model": HealthOut, "description": "the database cannot be reached"}})
async def healthz() -> JSONResponse:
    # One trip to the threadpool for the whole ping (a SessionDep would add a second one to end it):
    # load balancers call this often, and it is the service's own floor in benchmarks/http_wrk.py.
    try:
        await run_in_threadpool(_ping)
    except Exception:  # the database being down is what this endpoint reports, not a crash
        return JSONResponse({"status": "degraded", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def _ping() -> None:
    # A read needs no commit: closing the session rolls its transaction back (as the bare app in
    # benchmarks/floor does). session_scope's commit cost the ping about 30 us of its 0.5 ms.
    with session_factory()() as db:
        db.execute(text("SELECT 1"))


@router.get("/", include_in_schema=False)
def home(request: Request, profile: ProfileDep, db: SessionDep) -> HTMLResponse:
    hours = f"{', '.join(d.title() for d in profile.office_hours.days)} {profile.office_hours.opens:%H:%M}-{profile.office_hours.closes:%H:%M}"  # noqa: E501
    viewer = signed_in_user(request)
    # Signed in, the page opens with the person's own open work, from each domain's panel.
    panels = panels_for(db=db, viewer=viewer, now=clock.now(), calendar=calendar_for(db)) if viewer else []
    return render(request, "home.html", {"hours": hours, "panels": panels})


@router.get("/api/me", tags=["accounts"], response_model=MeOut)
def me(user: ApiUser) -> MeOut:
    """Who the bearer token belongs to."""
    return MeOut(id=user.id, name=user.name, email=user.email, role=user.role.value, district=user.district)
