"""Complaint and compliment pages: record a complaint (clinicians and managers), the managers'
list with the acknowledgement queue, one complaint with its timeline and the next step, and
compliments for the whole team. Forms post with a CSRF token; errors are shown beside the field."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.deps import ClinicianPage, ManagerPage, SessionDep
from consult.voice import labels, service, views
from consult.voice.errors import ComplaintNotFound, InvalidInput, WrongState
from consult.voice.models import Complaint
from consult.web import flash, not_found_page, render, templates, verify_csrf

router = APIRouter(include_in_schema=False)
# The report section (templates/voice/_report.html) is included by the reporting pages, which
# know nothing of this package: it finds its words here.
templates.env.globals["voice_labels"] = labels
FormStr = Annotated[str, Form()]


def _date(value: str, errors: dict[str, str], field: str = "received_on") -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        errors[field] = "Enter the date, for example 2026-11-23."
        return None


def _no_store(response: HTMLResponse) -> HTMLResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


# -- complaints ----------------------------------------------------------------------------
@router.get("/complaints")
def complaints(request: Request, db: SessionDep, user: ClinicianPage) -> Response:
    if not user.has_role(Role.manager):
        return RedirectResponse("/complaints/new", status_code=303)
    now = clock.now()
    found = service.list_complaints(db=db, viewer=user)
    waiting = sorted((c for c in found if c.status == "received"), key=lambda c: c.ack_deadline_at)
    return _no_store(render(request, "voice/complaints.html", {
        "waiting": [(c, views.state(c, now)) for c in waiting],
        "open": [c for c in found if c.status in ("acknowledged", "investigating")],
        "closed": [c for c in found if c.status == "closed"][:50], "labels": labels,
    }))


def _new_form(request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200) -> HTMLResponse:
    return _no_store(render(request, "voice/complaint_new.html", {
        "values": values, "errors": errors, "labels": labels, "today": clock.today_local()}, status_code=status_code))


@router.get("/complaints/new")
def new_complaint(request: Request, user: ClinicianPage) -> HTMLResponse:
    return _new_form(request, {"received_on": clock.today_local().isoformat()}, {})


@router.post("/complaints", dependencies=[Depends(verify_csrf)])
def record_complaint(request: Request, db: SessionDep, user: ClinicianPage, received_on: FormStr = "",
                     source: FormStr = "", about: FormStr = "", summary: FormStr = "",
                     reference: FormStr = "") -> Response:
    values = {"received_on": received_on, "source": source, "about": about, "summary": summary,
              "reference": reference}
    errors: dict[str, str] = {}
    day = _date(received_on, errors)
    if source not in labels.SOURCES:
        errors["source"] = "Choose who the complaint is from."
    if day is not None and "source" not in errors:
        try:
            complaint = service.record_complaint(db=db, recorder=user, received_on=day, source=source, about=about,
                                                 summary=summary, reference=reference or None)
        except InvalidInput as exc:
            errors[exc.field] = exc.message[:1].upper() + exc.message[1:] + "."
        else:
            flash(request, f"Complaint {complaint.reference} recorded: acknowledge it by "
                           f"{complaint.acknowledge_by:%A %-d %B %Y}.")
            target = f"/complaints/{complaint.reference}" if user.has_role(Role.manager) else "/complaints/new"
            return RedirectResponse(target, status_code=303)
    return _new_form(request, values, errors, status_code=422)


def _detail(request: Request, db: Session, user: User, reference: str, errors: dict[str, str] | None = None,
            values: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    try:
        complaint = service.get_complaint(db=db, reference=reference, viewer=user)
    except ComplaintNotFound as exc:
        return not_found_page(request, "Complaint not found", str(exc))
    return _no_store(render(request, "voice/complaint.html", {
        "c": complaint, "v": views.full(db, complaint, clock.now()), "state": views.state(complaint, clock.now()),
        "labels": labels, "errors": errors or {}, "values": values or {}}, status_code=status_code))


@router.get("/complaints/{reference}")
def complaint_page(reference: str, request: Request, db: SessionDep, user: ManagerPage) -> HTMLResponse:
    return _detail(request, db, user, reference)


def _step(request: Request, db: Session, user: User, reference: str, action: Callable[[Complaint], object],
          values: dict[str, str] | None = None) -> Response:
    try:
        complaint = service.get_complaint(db=db, reference=reference, viewer=user)
        action(complaint)
    except ComplaintNotFound as exc:
        return not_found_page(request, "Complaint not found", str(exc))
    except WrongState as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/complaints/{reference}", status_code=303)
    except InvalidInput as exc:
        db.rollback()
        return _detail(request, db, user, reference, {exc.field: exc.message[:1].upper() + exc.message[1:] + "."},
                       values, status_code=422)
    return RedirectResponse(f"/complaints/{complaint.reference}", status_code=303)


@router.post("/complaints/{reference}/acknowledge", dependencies=[Depends(verify_csrf)])
def acknowledge(reference: str, request: Request, db: SessionDep, user: ManagerPage) -> Response:
    return _step(request, db, user, reference, lambda c: service.acknowledge(db=db, complaint=c, manager=user))


@router.post("/complaints/{reference}/investigate", dependencies=[Depends(verify_csrf)])
def investigate(reference: str, request: Request, db: SessionDep, user: ManagerPage) -> Response:
    return _step(request, db, user, reference, lambda c: service.investigate(db=db, complaint=c, manager=user))


@router.post("/complaints/{reference}/close", dependencies=[Depends(verify_csrf)])
def close(reference: str, request: Request, db: SessionDep, user: ManagerPage, outcome: FormStr = "",
          response: FormStr = "") -> Response:
    return _step(request, db, user, reference,
                 lambda c: service.close(db=db, complaint=c, manager=user, outcome=outcome, response=response),
                 {"outcome": outcome, "response": response})


# -- compliments ---------------------------------------------------------------------------
def _compliments(request: Request, db: Session, user: User, values: dict[str, str], errors: dict[str, str],
                 status_code: int = 200) -> HTMLResponse:
    return _no_store(render(request, "voice/compliments.html", {
        "compliments": service.recent_compliments(db=db, viewer=user), "values": values, "errors": errors,
        "labels": labels}, status_code=status_code))


@router.get("/compliments")
def compliments(request: Request, db: SessionDep, user: ClinicianPage) -> HTMLResponse:
    return _compliments(request, db, user, {"received_on": clock.today_local().isoformat()}, {})


@router.post("/compliments", dependencies=[Depends(verify_csrf)])
def record_compliment(request: Request, db: SessionDep, user: ClinicianPage, received_on: FormStr = "",
                      source: FormStr = "", about: FormStr = "", summary: FormStr = "") -> Response:
    values = {"received_on": received_on, "source": source, "about": about, "summary": summary}
    errors: dict[str, str] = {}
    day = _date(received_on, errors)
    if source not in labels.SOURCES:
        errors["source"] = "Choose who the compliment is from."
    if day is not None and "source" not in errors:
        try:
            service.record_compliment(db=db, recorder=user, received_on=day, source=source, about=about,
                                      summary=summary)
        except InvalidInput as exc:
            errors[exc.field] = exc.message[:1].upper() + exc.message[1:] + "."
        else:
            flash(request, "Compliment recorded. Thank you for passing it on.")
            return RedirectResponse("/compliments", status_code=303)
    return _compliments(request, db, user, values, errors, status_code=422)
