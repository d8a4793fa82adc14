"""The manager's page to write the quarter's narrative (/reports/narrative?quarter=2026Q3)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from consult.deps import ManagerPage, SessionDep
from consult.reporting.periods import previous_quarter, recent_quarters
from consult.voice import narrative, views
from consult.voice.errors import InvalidInput
from consult.web import flash, render, verify_csrf

router = APIRouter(include_in_schema=False)


def _page(request: Request, db: Session, label: str, text: str | None, errors: dict[str, str],
          status_code: int = 200) -> HTMLResponse:
    saved = narrative.get(db=db, label=label)
    who = views.names(db, [saved.updated_by_id]).get(saved.updated_by_id) if saved else None
    response = render(request, "voice/narrative.html", {
        "quarter": label, "quarters": recent_quarters(), "saved": saved, "saved_by": who,
        "text": text if text is not None else (saved.text if saved else ""), "errors": errors,
        "max_text": narrative.MAX_TEXT}, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/reports/narrative")
def narrative_page(request: Request, db: SessionDep, user: ManagerPage, quarter: str = "") -> HTMLResponse:
    label = quarter or previous_quarter().label
    try:
        label = narrative.parse_quarter(label).label
    except InvalidInput as exc:
        return _page(request, db, previous_quarter().label, None, {"quarter": exc.message}, status_code=422)
    return _page(request, db, label, None, {})


@router.post("/reports/narrative", dependencies=[Depends(verify_csrf)])
def save_narrative(request: Request, db: SessionDep, user: ManagerPage, quarter: Annotated[str, Form()] = "",
                   text: Annotated[str, Form()] = "") -> Response:
    try:
        saved = narrative.save(db=db, label=quarter, text=text, manager=user)
    except InvalidInput as exc:
        label = quarter if exc.field != "quarter" else previous_quarter().label
        return _page(request, db, label, text, {exc.field: exc.message}, status_code=422)
    flash(request, f"The narrative for {saved.quarter} is saved. It opens that quarter's dashboard and the annual statement.")
    return RedirectResponse(f"/reports/narrative?quarter={saved.quarter}", status_code=303)
