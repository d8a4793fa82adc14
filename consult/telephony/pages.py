"""Web pages of the line: the calls list, one call (with its number, for clinicians, and the
call-back form) and the work phone on a person's own account. No JavaScript."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.deps import ClinicianPage, PractitionerPage, SessionDep
from consult.settings import get_settings
from consult.telephony import calls, labels, numbers, rules
from consult.telephony.errors import Conflict, InvalidInput, NotFound
from consult.web import flash, not_found_page, render, verify_csrf

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)
FormStr = Annotated[str, Form()]


@router.get("/telephony/calls")
def call_list(request: Request, db: SessionDep, user: ClinicianPage, status: str = "") -> HTMLResponse:
    try:
        views = calls.list_calls(db=db, viewer=user, status=status or None, limit=200)
    except InvalidInput:
        views, status = calls.list_calls(db=db, viewer=user, limit=200), ""
    return render(request, "telephony/calls.html", {"views": views, "labels": labels, "status": status,
                                                    "line": get_settings().phone_line_number})


def _detail(request: Request, db: Session, user: User, call_id: int, errors: dict[str, str] | None = None,
            status_code: int = 200) -> HTMLResponse:
    try:
        view = calls.get_call(db=db, call_id=call_id, viewer=user)
    except NotFound as exc:
        return not_found_page(request, "Call not found", str(exc))
    call, now = view.call, clock.now()
    state = rules.callback_state(now=now, due_soon_at=call.callback_due_soon_at, due=call.callback_due,
                                 called_back_at=call.called_back_at)
    return render(request, "telephony/call.html", {
        "view": view, "c": call, "labels": labels, "state": state, "errors": errors or {},
        "number": call.caller_number, "number_text": rules.display_number(call.caller_number)},
        status_code=status_code)


@router.get("/telephony/calls/{call_id}")
def call_detail(call_id: int, request: Request, db: SessionDep, user: ClinicianPage) -> HTMLResponse:
    return _detail(request, db, user, call_id)


@router.post("/telephony/calls/{call_id}/callback", dependencies=[Csrf])
def callback_submit(call_id: int, request: Request, db: SessionDep, user: ClinicianPage, outcome: FormStr = "") -> Response:
    try:
        call = calls.record_callback(db=db, call_id=call_id, clinician=user, outcome=outcome, now=clock.now())
    except InvalidInput as exc:
        return _detail(request, db, user, call_id, {"outcome": exc.message}, status_code=422)
    except NotFound as exc:
        return not_found_page(request, "Call not found", str(exc))
    except Conflict as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/telephony/calls/{call_id}", status_code=303)
    flash(request, f"Call-back for {call.reference} recorded.")
    return RedirectResponse("/consultations", status_code=303)


@router.post("/telephony/calls/{call_id}/claim", dependencies=[Csrf])
def claim_submit(call_id: int, request: Request, db: SessionDep, user: ClinicianPage) -> Response:
    """Claim a call-back from the queue or the call's page; back to the call, ready to ring."""
    try:
        call = calls.claim_callback(db=db, call_id=call_id, clinician=user)
    except NotFound as exc:
        return not_found_page(request, "Call not found", str(exc))
    except Conflict as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/telephony/calls/{call_id}", status_code=303)
    flash(request, f"You have claimed the call-back for {call.reference}.")
    return RedirectResponse(f"/telephony/calls/{call_id}", status_code=303)


@router.get("/account/work-phone")
def work_phone_form(request: Request, db: SessionDep, user: PractitionerPage) -> HTMLResponse:
    return render(request, "telephony/work_phone.html", {
        "values": {"work_phone": numbers.work_phone(db=db, user_id=user.id) or ""}, "errors": {}})


@router.post("/account/work-phone", dependencies=[Csrf])
def work_phone_submit(request: Request, db: SessionDep, user: PractitionerPage, work_phone: FormStr = "") -> Response:
    try:
        saved = numbers.set_work_phone(db=db, user=user, number=work_phone, actor=user)
    except InvalidInput as exc:
        return render(request, "telephony/work_phone.html", {"values": {"work_phone": work_phone},
                                                             "errors": {"work_phone": exc.message}}, status_code=422)
    flash(request, f"Work phone saved as {saved}." if saved else "Work phone removed.")
    return RedirectResponse("/account/work-phone", status_code=303)
