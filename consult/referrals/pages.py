"""Referral pages: the "Send referral" step from the readiness check, the confirmation, the
referrer's list and view (masked), the clinicians' triage list and page, printable guidance."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from consult import clock, formatting
from consult.auth.models import User
from consult.consultations.labels import STATES, THRIVE
from consult.consultations.models import THRIVE_LEVELS
from consult.core.types import parse_day
from consult.deps import ClinicianPage, PractitionerPage, ProfileDep, SessionDep, in_one_trip
from consult.profiles import Profile, active_profile
from consult.readiness.forms import parse_form
from consult.readiness.schemas import Screening
from consult.readiness.wording import CONCERNS
from consult.referrals import labels, rules, service, views
from consult.referrals.errors import InvalidInput, ReferralNotFound, Refused, WrongState
from consult.referrals.forms import SCORE_TOOLS, parse_scores
from consult.referrals.guidance import not_eligible_guidance
from consult.referrals.models import Referral
from consult.web import FormDep, flash, render, render_kept, verify_csrf

router = APIRouter(include_in_schema=False)
FormStr = Annotated[str, Form()]

STATUS_LABELS = labels.STATUSES
OUTCOMES = tuple(labels.OUTCOMES.items())


def _view(db: Session, reference: str, user: User) -> tuple[Referral, bool]:
    try:
        return service.view(db=db, reference=reference, viewer=user)
    except ReferralNotFound as exc:
        raise HTTPException(404, str(exc)) from None


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _channel(fields: dict[str, str]) -> str:
    """"slack" when the form began as a Slack check's draft link (reports count those), else "web":
    the page can vouch for no other channel, so any other value is ignored."""
    return "slack" if fields.get("origin") == "slack" else "web"


@router.post("/referrals/send", dependencies=[Depends(verify_csrf)])
def send(request: Request, db: SessionDep, user: PractitionerPage, profile: ProfileDep, form: FormDep) -> Response:
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    parsed = parse_form(fields, [v for v in form.getlist("concerns") if isinstance(v, str)])
    problems = []
    if parsed.request is None:
        problems = list(parsed.errors.values())
    else:
        try:
            referral = service.submit(db=db, body=parsed.request, practitioner=user, channel=_channel(fields),
                                      profile=profile)
        except Refused as exc:
            problems = [p.message for p in exc.problems]
    if problems:
        # Something changed between the check and sending (a date passed, a source switched off).
        return _no_store(render(request, "message.html", {
            "heading": "The referral was not sent",
            "message": "The check found problems this time: " + " ".join(problems) + " Go back, correct the referral and check it again.",
        }, status_code=422))
    return RedirectResponse(f"/referrals/{referral.reference}/sent", status_code=303)


@router.get("/referrals/{reference}/sent")
def sent(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    referral, _full = _view(db, reference, user)
    if referral.referrer_id != user.id:
        return RedirectResponse(f"/referrals/{referral.reference}", status_code=303)
    return _no_store(render(request, "referrals/sent.html", {"r": referral}))


def _rows(referrals: Iterable[Referral], suffix: str = "") -> list[dict[str, Any]]:
    now = clock.now()
    out = []
    for r in referrals:
        state = rules.triage_state(now=now, status=r.status, due_soon_at=r.triage_due_soon_at, triage_by=r.triage_by)
        out.append({"r": r, "state": state, "state_label": STATES.get(state, state), "suffix": suffix,
                    "nhs": rules.mask_nhs(r.parent_nhs_number) or "removed"})
    return out


@router.get("/referrals")
def mine(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    if service.sees_everything(user):
        referrals = service.list_for_viewer(db=db, viewer=user, status="awaiting_triage")
        context = {"heading": "Referrals to triage", "rows": _rows(referrals, "/triage"),
                   "empty": "No referral is waiting for triage."}
    else:
        context = {"heading": "Your referrals", "rows": _rows(service.list_for_viewer(db=db, viewer=user)),
                   "empty": "You have not sent a referral yet. Check one at /referrals/check, then send it from there."}
    return _no_store(render(request, "referrals/mine.html", {**context, "labels": STATUS_LABELS}))


def _triage_page(request: Request, db: Session, user: User, reference: str, *, values: dict[str, str] | None = None,
                 errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    referral, _full = _view(db, reference, user)
    return _no_store(render(request, "referrals/triage.html", {
        "r": referral, "v": views.full(referral, clock.now()), "labels": STATUS_LABELS, "outcomes": OUTCOMES,
        "thrive_levels": THRIVE_LEVELS, "thrive_words": THRIVE, "event_words": labels.event_words,
        "values": values or {}, "errors": errors or {},
        "concerns": [CONCERNS.get(c, c) for c in referral.concern_codes], "today": clock.today_local().isoformat(),
        "score_tools": SCORE_TOOLS, "baby_age": _baby_age(referral),
    }, status_code=status_code))


def _baby_age(referral: Referral) -> str:
    """"6 months old" or "due in 3 weeks": the clinician's and the referrer's pages say it alike."""
    return formatting.baby_age(born=referral.infant_date_of_birth, due=referral.infant_expected_due_date,
                               today=clock.today_local())


@router.get("/referrals/{reference}")
def detail(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    if service.sees_everything(user):
        return _triage_page(request, db, user, reference)
    referral, _full = _view(db, reference, user)
    return _no_store(render(request, "referrals/detail.html", {
        "r": referral, "v": views.masked(referral, clock.now()), "labels": STATUS_LABELS,
        "baby_age": _baby_age(referral)}))


@router.get("/referrals/{reference}/triage")
def triage_form(reference: str, request: Request, db: SessionDep, user: ClinicianPage) -> Response:
    return _triage_page(request, db, user, reference)


@router.post("/referrals/{reference}/triage", dependencies=[Depends(verify_csrf)])
def triage_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, outcome: FormStr = "",
                  thrive: FormStr = "", guidance: FormStr = "") -> Response:
    values = {"outcome": outcome, "thrive": thrive, "guidance": guidance}
    errors = {}
    if outcome not in dict(OUTCOMES):
        errors["outcome"] = "Choose the outcome of triage."
    else:
        try:
            service.triage(db=db, referral=_view(db, reference, user)[0], clinician=user,
                           outcome=outcome, thrive=thrive or None, guidance=guidance)
        except InvalidInput as exc:
            errors[exc.field] = {"guidance": "Write the guidance to the referrer (at least 20 characters).",
                                 "thrive": "Choose the THRIVE level for an eligible referral."}.get(exc.field, exc.message)
        except WrongState as exc:
            flash(request, str(exc), "error")
            return RedirectResponse(f"/referrals/{reference}", status_code=303)
    if errors:
        return _triage_page(request, db, user, reference, values=values, errors=errors, status_code=422)
    flash(request, f"Triage recorded for {reference.upper()}: {dict(OUTCOMES)[outcome].lower()}.")
    return RedirectResponse("/referrals", status_code=303)


# -- pathway steps after triage: one small form each, errors beside the field -------------------
PATHWAY_DONE = {"assessment": "Assessment recorded", "intervention": "Intervention start recorded",
                "close": "Closed; the end-of-contact letter goes to the referrer", "withdraw": "Withdrawn",
                "follow_up": "Follow-up call recorded"}
FIELD_HELP = {"letter": "Write the end-of-contact letter (at least 40 characters).",
              "reason": "Give the reason for withdrawing (at least 5 characters, no names or NHS numbers)."}


def _form_date(value: str, field: str) -> date:
    try:
        return parse_day(value)
    except ValueError:
        raise InvalidInput(field, "Enter the date as day, month and year, for example 2026-11-23.") from None


def _pathway_step(request: Request, db: Session, user: User, reference: str, step: str, field: str, value: str,
                  scores: tuple[Screening, dict[str, str], dict[str, str]] | None = None) -> Response:
    """One pathway form. `scores` is parse_scores' result for the forms that take screening scores."""
    referral = _view(db, reference, user)[0]
    screening, score_values, score_errors = scores or (None, {}, {})
    values = {field: value, **score_values}
    if score_errors:
        return _triage_page(request, db, user, reference, values=values, errors=score_errors, status_code=422)
    try:
        if step == "assessment":
            service.record_assessment(db=db, referral=referral, clinician=user, on=_form_date(value, field),
                                      screening=screening)
        elif step == "intervention":
            service.start_intervention(db=db, referral=referral, clinician=user, on=_form_date(value, field))
        elif step == "close":
            service.close(db=db, referral=referral, clinician=user, letter=value, screening=screening)
        elif step == "follow_up":
            service.complete_follow_up(db=db, referral=referral, clinician=user, note=value)
        else:
            service.withdraw(db=db, referral=referral, actor=user, reason=value)
    except InvalidInput as exc:
        db.rollback()  # a score out of range must not leave the date half-recorded
        if exc.field in score_values:  # the readiness check's own words for an out-of-range score
            return _triage_page(request, db, user, reference, values=values, errors={exc.field: exc.message},
                                status_code=422)
        if exc.field == "date":  # the service's own date check, e.g. "cannot be before ..."
            message = f"The date {exc.message}."
        elif exc.message.startswith("write at least"):
            message = FIELD_HELP[field]
        else:
            message = exc.message[:1].upper() + exc.message[1:]
        return _triage_page(request, db, user, reference, values=values, errors={field: message}, status_code=422)
    except WrongState as exc:
        db.rollback()
        flash(request, str(exc), "error")
        return RedirectResponse(f"/referrals/{referral.reference}", status_code=303)
    flash(request, f"{PATHWAY_DONE[step]} for {referral.reference}.")
    return RedirectResponse(f"/referrals/{referral.reference}", status_code=303)


@router.post("/referrals/{reference}/assessment", dependencies=[Depends(verify_csrf)])
def assessment_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, form: FormDep,
                      assessment_on: FormStr = "") -> Response:
    return _pathway_step(request, db, user, reference, "assessment", "assessment_on", assessment_on, parse_scores(form))


@router.post("/referrals/{reference}/intervention", dependencies=[Depends(verify_csrf)])
def intervention_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, intervention_on: FormStr = "") -> Response:
    return _pathway_step(request, db, user, reference, "intervention", "intervention_on", intervention_on)


@router.post("/referrals/{reference}/close", dependencies=[Depends(verify_csrf)])
def close_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, form: FormDep, letter: FormStr = "") -> Response:
    return _pathway_step(request, db, user, reference, "close", "letter", letter, parse_scores(form))


@router.post("/referrals/{reference}/withdraw", dependencies=[Depends(verify_csrf)])
def withdraw_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, reason: FormStr = "") -> Response:
    return _pathway_step(request, db, user, reference, "withdraw", "reason", reason)


@router.post("/referrals/{reference}/follow-up", dependencies=[Depends(verify_csrf)])
def follow_up_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage, note: FormStr = "") -> Response:
    return _pathway_step(request, db, user, reference, "follow_up", "note", note)


@router.get("/referrals/{reference}/guidance")
def guidance(reference: str, request: Request, db: SessionDep, user: PractitionerPage, profile: ProfileDep) -> Response:
    referral, _full = _view(db, reference, user)
    if referral.status != "not_eligible":
        return RedirectResponse(f"/referrals/{referral.reference}", status_code=303)
    return _no_store(render(request, "referrals/guidance.html", {
        "r": referral, "sections": not_eligible_guidance(referral, profile)}))


@router.get("/service")
async def service_page(request: Request) -> Response:
    """Public: who the service is for, hours, closures, how to refer and book, how long each step takes."""
    # The closures and the page in one trip through the threadpool (issue 23); the profile read
    # here rather than solved as a dependency (what ProfileDep gives, for less).
    profile = active_profile()
    return await in_one_trip(lambda db: _service_page(request, db, profile))


def _service_page(request: Request, db: Session, profile: Profile) -> Response:
    from consult.core.calendar import upcoming_closures
    from consult.telephony.rules import line_number_text

    closures = upcoming_closures(db=db, start=clock.today_local(), days=90, profile=profile)
    sources = [s.label for s in profile.referral_sources.values() if s.enabled]
    phone_line = line_number_text()
    # The page reads nothing else (the profile aside, which render_kept keys on itself).
    return render_kept(request, "referrals/service.html", {"closures": closures, "sources": sources,
                                                           "phone_line": phone_line},
                       key=(tuple(closures), tuple(sources), phone_line))
