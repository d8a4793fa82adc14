"""Pathway pages for clinicians and managers: the waiting list, the caseload, and a referral's
appointments (book, record attendance, the did-not-attend decision). Forms post and redirect;
nothing needs JavaScript. Errors are shown beside their field with a summary at the top."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations.errors import InvalidInput, NotFound, WrongState
from consult.deps import ClinicianPage, PractitionerPage, ProfileDep, SessionDep
from consult.pathway import appointments, caseload, letters, rules, waiting
from consult.pathway.models import KINDS, METHODS, OUTCOMES
from consult.profiles import Profile
from consult.referrals import labels as referral_labels
from consult.referrals import service as referrals
from consult.referrals.models import Referral
from consult.web import flash, render, verify_csrf

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]
STAGE_LABELS = {"triage": "Waiting for triage", "assessment": "Waiting for assessment",
                "intervention": "Waiting for the intervention to start"}
STATE_LABELS = {"on_track": "On track", "due_soon": "Due soon", "overdue": "Overdue"}


def _no_store(response: HTMLResponse) -> HTMLResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/referrals/waiting")
def waiting_page(request: Request, db: SessionDep, user: ClinicianPage, profile: ProfileDep) -> HTMLResponse:
    data = waiting.waiting_list(db=db, now=clock.now(), profile=profile)
    return _no_store(render(request, "pathway/waiting.html", {
        "data": data, "stage_labels": STAGE_LABELS, "state_labels": STATE_LABELS,
        "as_of": date.fromisoformat(data["as_of"])}))


@router.get("/caseload")
def caseload_page(request: Request, db: SessionDep, user: ClinicianPage) -> HTMLResponse:
    return _no_store(render(request, "pathway/caseload.html", {
        "clinicians": caseload.caseload(db=db), "mine": caseload.my_referrals(db=db, clinician=user),
        "statuses": referral_labels.STATUSES}))


def _referral(db: Session, reference: str) -> Referral:
    try:
        return referrals.get_referral(db=db, reference=reference)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


def _appointments_page(request: Request, db: Session, user: User, profile: Profile, reference: str, *,
                       values: dict[str, str] | None = None, errors: dict[str, str] | None = None,
                       status_code: int = 200) -> HTMLResponse:
    referral = _referral(db, reference)
    holder = caseload.allocated_to(db=db, referral=referral)
    return _no_store(render(request, "pathway/appointments.html", {
        "r": referral, "rows": appointments.for_referral(db=db, referral=referral), "words": appointments.WORDS,
        "kinds": [k for k in KINDS if k in appointments.KINDS_BY_STATUS.get(referral.status, ())],
        "methods": METHODS, "outcomes": OUTCOMES, "places": rules.places(profile),
        "default_place": rules.default_place(profile, referral.district), "holder": holder,
        "review": appointments.review_pending(db=db, referral=referral), "now": clock.now(),
        "sessions": profile.extra_sessions, "values": values or {}, "errors": errors or {},
        "today": clock.today_local().isoformat(), "in_a_row": profile.pathway.did_not_attend_in_a_row,
        "clinicians": caseload.clinicians(db=db),
    }, status_code=status_code))


@router.get("/referrals/{reference}/appointments")
def appointments_page(reference: str, request: Request, db: SessionDep, user: ClinicianPage,
                      profile: ProfileDep) -> HTMLResponse:
    return _appointments_page(request, db, user, profile, reference)


def _starts(day: str, at: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(day.strip()), time.fromisoformat(at.strip()), LONDON)
    except ValueError:
        raise InvalidInput("day", "Enter the date as year-month-day and the time as hours:minutes, for example "
                                  "2026-11-30 and 10:00.") from None


FIELD_FOR = {"starts": "time", "day": "day", "place": "place", "kind": "kind", "method": "method"}


@router.post("/referrals/{reference}/appointments", dependencies=[Depends(verify_csrf)])
def book_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, profile: ProfileDep,
                day: FormStr = "", at: FormStr = "", kind: FormStr = "", method: FormStr = "",
                place: FormStr = "") -> Response:
    values = {"day": day, "time": at, "kind": kind, "method": method, "place": place}
    referral = _referral(db, reference)
    try:
        if kind not in KINDS:
            raise InvalidInput("kind", "Choose what the appointment is for.")
        if method not in METHODS:
            raise InvalidInput("method", "Choose how the family will be seen.")
        appointment = appointments.book(db=db, referral=referral, clinician=user, starts=_starts(day, at), kind=kind,
                                        method=method, place=place or None, profile=profile)
    except InvalidInput as exc:
        db.rollback()
        message = exc.message[:1].upper() + exc.message[1:]
        return _appointments_page(request, db, user, profile, reference, values=values,
                                  errors={FIELD_FOR.get(exc.field, "day"): message.rstrip(".") + "."}, status_code=422)
    except WrongState as exc:
        db.rollback()
        return _appointments_page(request, db, user, profile, reference, values=values,
                                  errors={"day": str(exc)[:1].upper() + str(exc)[1:] + "."}, status_code=409)
    when = appointment.starts_at.astimezone(LONDON)
    flash(request, f"{appointments.WORDS[kind]} booked for {when:%A %-d %B %Y at %H:%M}.")
    return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)


@router.post("/referrals/{reference}/appointments/{appointment_id}/attendance", dependencies=[Depends(verify_csrf)])
def attendance_submit(reference: str, appointment_id: int, request: Request, db: SessionDep, user: ClinicianPage,
                      profile: ProfileDep, outcome: FormStr = "") -> RedirectResponse:
    referral = _referral(db, reference)
    try:
        found = appointments.get_appointment(db=db, referral=referral, appointment_id=appointment_id)
        appointments.record_attendance(db=db, referral=referral, appointment=found, outcome=outcome,
                                       clinician=user, profile=profile)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except (InvalidInput, WrongState) as exc:
        db.rollback()
        text = exc.message if isinstance(exc, InvalidInput) else str(exc)
        flash(request, text[:1].upper() + text[1:] + ".", "error")
        return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)
    flash(request, f"Recorded: {appointments.WORDS[outcome].lower()}.")
    return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)


@router.post("/referrals/{reference}/did-not-attend-decision", dependencies=[Depends(verify_csrf)])
def decision_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage,
                    decision: FormStr = "") -> RedirectResponse:
    referral = _referral(db, reference)
    if decision not in ("keep_open", "close"):
        flash(request, "Choose whether to keep the family open or close.", "error")
        return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)
    try:
        appointments.decide_review(db=db, referral=referral, clinician=user, keep_open=decision == "keep_open")
    except WrongState as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)
    if decision == "close":
        flash(request, "Write the end-of-contact letter below to close the referral.")
        return RedirectResponse(f"/referrals/{referral.reference}#pathway", status_code=303)
    flash(request, "The family stays open; the did-not-attend count starts again.")
    return RedirectResponse(f"/referrals/{referral.reference}/appointments", status_code=303)


@router.post("/referrals/{reference}/allocation", dependencies=[Depends(verify_csrf)])
def allocation_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage,
                      clinician_id: FormStr = "", expected_clinician_id: FormStr = "") -> RedirectResponse:
    """Hand the family to another clinician. The form carries the holder the page showed, so a
    hand-over someone else made meanwhile is refused (409 in the API) rather than overwritten."""
    referral = _referral(db, reference)
    back = RedirectResponse(f"/referrals/{referral.reference}/appointments#holder", status_code=303)
    if not clinician_id.isdigit() or len(clinician_id) > 9:
        flash(request, "Choose the clinician who will hold the family.", "error")
        return back
    expected = int(expected_clinician_id) if expected_clinician_id.isdigit() and len(expected_clinician_id) < 10 else None
    try:
        holder = caseload.allocate(db=db, referral=referral, clinician_id=int(clinician_id), actor=user,
                                   expected=expected)
    except (InvalidInput, WrongState) as exc:
        db.rollback()
        text = exc.message if isinstance(exc, InvalidInput) else str(exc)
        flash(request, text[:1].upper() + text[1:] + ".", "error")
        return back
    flash(request, f"{referral.reference} is now held by {holder.name}.")
    return back


@router.get("/referrals/{reference}/letter")
def letter_link(reference: str, user: PractitionerPage) -> RedirectResponse:
    """The address notices carried before the letter was a document: to the PDF (which checks who may see it)."""
    return RedirectResponse(f"/referrals/{reference.strip().upper()}/letter.pdf", status_code=303)


@router.get("/referrals/{reference}/letter.pdf")
def letter_pdf(reference: str, db: SessionDep, user: PractitionerPage, profile: ProfileDep,
               to: str = "referrer") -> Response:
    """The letter as a PDF: clinicians any copy (`to=referrer|gp|family`), the referrer their own; others 404."""
    try:
        referral = referrals.get_referral(db=db, reference=reference)
        pdf = letters.letter_pdf(db=db, referral=referral, viewer=user, addressee=to, profile=profile)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except WrongState as exc:
        raise HTTPException(409, str(exc)) from None
    return Response(pdf, media_type="application/pdf", headers={
        "Content-Disposition": f'inline; filename="{referral.reference}-letter-{to}.pdf"', "Cache-Control": "no-store"})
