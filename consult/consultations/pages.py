"""Web pages for consultations: the clinicians' queue, a practitioner's requests, the request form,
detail with timeline, advice, hand over, close, the quick call log and feedback. No JavaScript."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock, formatting
from consult import queue as clinician_queue
from consult.auth.models import Role, User
from consult.consultations import feedback, labels, queue_view, rules, service
from consult.consultations.commands import SUMMARY_MAX
from consult.consultations.errors import ConsultationError, InvalidInput, NotFound
from consult.consultations.forms import SCORE_FIELDS, CallForm, FeedbackForm, OutcomeForm, RequestForm, whole_number
from consult.consultations.models import Consultation
from consult.consultations.people import names_for, practitioner_for
from consult.core.calendar import calendar_for
from consult.core.types import parse_id
from consult.deps import ClinicianPage, PractitionerPage, SessionDep
from consult.profiles import active_profile
from consult.telephony import calls as telephony_calls  # an answered call pre-fills the call log
from consult.telephony.errors import NotFound as CallNotFound
from consult.web import flash, render, verify_csrf

router = APIRouter(include_in_schema=False)
Csrf = Depends(verify_csrf)
FormStr = Annotated[str, Form()]


def _go(reference: str, suffix: str = "") -> RedirectResponse:
    return RedirectResponse(f"/consultations/{reference}{suffix}", status_code=303)


def _clinicians(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.role == Role.clinician, User.active.is_(True)).order_by(User.name)))


def _choices() -> dict[str, Any]:
    profile = active_profile()
    return {"labels": labels, "districts": {d: d for d in profile.districts}, "domains": rules.DOMAIN_LABELS,
            "sources": {code: s.label for code, s in profile.referral_sources.items()}}


def _form_page(request: Request, template: str, values: Mapping[str, object],
               error: InvalidInput | dict[str, str] | None = None, **extra: Any) -> Response:
    errors = error if isinstance(error, dict) else {error.field.split(".")[-1]: error.message} if error else {}
    return render(request, template, {**_choices(), "values": values, "errors": errors, **extra},
                  status_code=422 if errors else 200)


# Fields every form needs, checked together so the error summary lists every gap at once;
# the service then applies the full rules.
REQUEST_NEEDS = {"question": "describe the case you would like advice on", "district": "choose the district"}
OUTCOME_NEEDS = {"advice": "write the advice and guidance", "recommendation": "choose a recommendation",
                 "thrive": "choose a THRIVE level"}
CALL_NEEDS = {"name": "give the practitioner's name",
              "email": "give the practitioner's work email so they can see the advice", **REQUEST_NEEDS, **OUTCOME_NEEDS}


def _missing(values: Mapping[str, object], needs: dict[str, str]) -> dict[str, str]:
    return {field: message for field, message in needs.items() if not str(values.get(field) or "").strip()}


# -- lists ------------------------------------------------------------------------------------
@router.get("/consultations")
def index(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    now = clock.now()
    if user.has_role(Role.clinician):
        return _queue_page(request, db, user, now)
    mine = service.list_for_viewer(db=db, viewer=user, limit=200)
    return render(request, "consultations/mine.html", {"mine": mine, "labels": labels, "now": now})


def _queue_rows(db: Session, user: User, now: datetime) -> list[dict[str, Any]]:
    """Every open line of the clinicians' queue, urgent first, then the least working time left;
    each row carries kind, reference, district and owner_id for the filters."""
    calendar = calendar_for(db)
    queue = service.open_queue(db=db)
    items = clinician_queue.queue_items(db=db, calendar=calendar, now=now, viewer=user)
    names = names_for(db=db, ids=[c.claimed_by_id for c in queue] + [i.owner_id for i in items])
    rows: list[dict[str, Any]] = [{"c": c, "claimed_by": names.get(c.claimed_by_id),  # type: ignore[arg-type]
             "state": rules.clock_state(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by),
             "left": rules.time_left_words(calendar, now=now, respond_by=c.respond_by),
             "sort": rules.queue_order(c.urgency, c.respond_by),
             "kind": queue_view.CONSULTATION, "reference": c.reference, "district": c.district,
             "owner_id": c.claimed_by_id}
            for c in queue]
    # The rest of the clinicians' queue (referrals to triage, follow-up calls...) joins the list by time left.
    rows += [{"item": item, "state": item.state, "sort": item.sort_key(), "kind": item.kind,
              "reference": item.reference, "district": item.district, "owner_id": item.owner_id,
              "claimed_by": names.get(item.owner_id)}  # type: ignore[arg-type]
             for item in items]
    rows.sort(key=lambda row: row["sort"])
    return rows


def _queue_page(request: Request, db: Session, user: User, now: datetime) -> Response:
    rows = _queue_rows(db, user, now)
    kinds = {queue_view.CONSULTATION: "Consultation request",
             **{row["kind"]: row["item"].label for row in rows if "item" in row}}
    clinicians = _clinicians(db)
    chosen = queue_view.parse_filter(request.query_params, districts=active_profile().districts,
                                     clinician_ids={c.id for c in clinicians})
    if chosen.kind and chosen.kind not in kinds:
        kinds[chosen.kind] = chosen.kind.replace("_", " ").capitalize()
    shown = queue_view.page_of([row for row in rows if queue_view.matches(row, chosen)], chosen.page)
    return render(request, "consultations/queue.html", {
        "rows": rows, "page": shown, "filter": chosen, "kinds": kinds, "clinicians": clinicians,
        "districts": active_profile().districts, "unclaimed": queue_view.UNCLAIMED, "labels": labels, "me": user})


# -- a practitioner's request -----------------------------------------------------------------
@router.get("/consultations/new")
def new_form(request: Request, user: PractitionerPage, question: str = "") -> Response:
    # The FAQ's "ask a clinician instead" carries the question over; it is only a starting draft
    # (escaped on the page, and checked for identifiers like any other when it is sent).
    return _form_page(request, "consultations/new.html", {
        "district": user.district or "", "urgency": "routine", "preferred_contact": "chat", "concerns": [],
        "question": question.strip()[:SUMMARY_MAX]})


@router.post("/consultations/new", dependencies=[Csrf])
def new_submit(request: Request, db: SessionDep, user: PractitionerPage, form: Annotated[RequestForm, Form()]) -> Response:
    values = form.values()
    if missing := _missing(values, REQUEST_NEEDS):
        return _form_page(request, "consultations/new.html", values, missing)
    try:
        consultation = service.create_consultation(db=db, practitioner=user, request=form.command(), actor=user)
    except InvalidInput as exc:
        return _form_page(request, "consultations/new.html", values, exc)
    flash(request, f"Request {consultation.reference} sent. A clinician will respond by "
                   f"{formatting.spoken(consultation.respond_by, today=clock.today_local())}.")
    return _go(consultation.reference)


# -- the telephone line's call log --------------------------------------------------------------
@router.get("/consultations/log-call")
def call_form(request: Request, db: SessionDep, user: ClinicianPage, call: int | None = None) -> Response:
    values = {"channel": "phone", "urgency": "routine", "concerns": []}
    if call is not None:  # an answered call from the telephone line: caller, time and length filled in
        try:
            values.update(telephony_calls.log_call_prefill(db=db, call_id=call, viewer=user))
        except CallNotFound as exc:
            raise HTTPException(404, str(exc)) from None
    return _form_page(request, "consultations/log_call.html", values)


@router.post("/consultations/log-call", dependencies=[Csrf])
def call_submit(request: Request, db: SessionDep, user: ClinicianPage, form: Annotated[CallForm, Form()]) -> Response:
    values = form.values()
    if missing := _missing(values, CALL_NEEDS):
        return _form_page(request, "consultations/log_call.html", values, missing)
    try:
        practitioner = practitioner_for(db=db, caller=user, details=form.practitioner())
        consultation = service.log_call(db=db, clinician=user, practitioner=practitioner, call=form.command())
        if form.call_id.isdigit():
            telephony_calls.link_consultation(db=db, call_id=int(form.call_id), consultation=consultation, actor=user)
    except InvalidInput as exc:
        db.rollback()
        return _form_page(request, "consultations/log_call.html", values, _field_alias(exc))
    flash(request, f"Consultation {consultation.reference} logged.")
    return _go(consultation.reference)


def _field_alias(exc: InvalidInput) -> InvalidInput:
    """Service field names to form field names where they differ."""
    field = exc.field.split(".")[-1]
    field = {"summary": "question", "name": "name", "scores": "score_severity"}.get(field, field)
    field = SCORE_FIELDS.get(field, field)
    return InvalidInput(field, exc.message)


# -- one request --------------------------------------------------------------------------------
def _visible(db: Session, reference: str, user: User, opened: str | None = None) -> Consultation:
    """The consultation, or the site's 404 page (someone else's request is 'not found' too). `opened`:
    the page shows the identifiable fields, so a colleague's read is audited with these words."""
    try:
        if opened:
            return service.view(db=db, reference=reference, viewer=user, detail=opened)
        return service.get_for_viewer(db=db, reference=reference, viewer=user)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/consultations/{reference}")
def detail(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    c = _visible(db, reference, user, opened="consultation opened")
    now = clock.now()
    names = names_for(db=db, ids=[c.claimed_by_id, c.advised_by_id])
    is_clinician = user.has_role(Role.clinician)
    return render(request, "consultations/detail.html", {
        "c": c, "labels": labels, "names": names, "is_clinician": is_clinician,
        "is_owner": c.practitioner_id == user.id, "me": user, "clinicians": _clinicians(db) if is_clinician else [],
        "state": rules.clock_state(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by),
        "left": rules.time_left_words(calendar_for(db), now=now, respond_by=c.respond_by),
        "events": list(c.events), "domains": rules.DOMAIN_LABELS,
    })


def _act(request: Request, db: Session, user: User, reference: str, action: Callable[[Consultation], object],
         done: str) -> RedirectResponse:
    """Run one clinician action; a domain refusal becomes a message on the detail page."""
    consultation = _visible(db, reference, user)
    try:
        action(consultation)
        flash(request, done)
    except ConsultationError as exc:
        db.rollback()
        flash(request, str(exc), "error")
    return _go(reference)


@router.post("/consultations/{reference}/claim", dependencies=[Csrf])
def claim(reference: str, request: Request, db: SessionDep, user: ClinicianPage) -> RedirectResponse:
    return _act(request, db, user, reference, lambda c: service.claim(db=db, consultation=c, clinician=user),
                f"You have claimed {reference}.")


@router.post("/consultations/{reference}/handover", dependencies=[Csrf])
def hand_over(reference: str, request: Request, db: SessionDep, user: ClinicianPage, to: FormStr = "") -> RedirectResponse:
    target = db.get(User, parse_id(to)) if parse_id(to) is not None else None
    if target is None:
        flash(request, "Choose who to hand it over to.", "error")
        return _go(reference)
    return _act(request, db, user, reference, lambda c: service.hand_over(db=db, consultation=c, by=user, to=target),
                f"{reference} handed over to {target.name}.")


@router.post("/consultations/{reference}/close", dependencies=[Csrf])
def close(reference: str, request: Request, db: SessionDep, user: ClinicianPage, reason: FormStr = "") -> RedirectResponse:
    return _act(request, db, user, reference, lambda c: service.close(db=db, consultation=c, actor=user, reason=reason),
                f"{reference} closed.")


@router.get("/consultations/{reference}/withdraw")
def withdraw_page(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    """The second step: withdrawing acts only when this page's form is sent (no JavaScript needed)."""
    c = _visible(db, reference, user)
    if c.practitioner_id != user.id or not c.is_open:
        flash(request, f"{c.reference} is {labels.STATUSES[c.status].lower()}: only your own open request can be "
                       "withdrawn.", "error")
        return _go(reference)
    return render(request, "confirm.html", {
        "heading": f"Withdraw request {c.reference}?",
        "facts": [("Asked", f"{c.received_at.astimezone(clock.LONDON):%A %-d %B %Y at %H:%M}"),
                  ("Status", labels.STATUSES[c.status])],
        "lines": ["A clinician will no longer answer it, and it leaves the queue. You can make a new request at any time."],
        "action": f"/consultations/{c.reference}/withdraw", "hidden": {}, "button": "Yes, withdraw it",
        "keep": "No, keep it", "back": {"href": f"/consultations/{c.reference}", "text": "Back to the request"},
    })


@router.post("/consultations/{reference}/withdraw", dependencies=[Csrf])
def withdraw(reference: str, request: Request, db: SessionDep, user: PractitionerPage, confirm: FormStr = "") -> RedirectResponse:
    if confirm != "yes":  # the first click only asks (withdraw_page)
        return _go(reference, "/withdraw")
    return _act(request, db, user, reference, lambda c: service.withdraw(db=db, consultation=c, practitioner=user),
                f"{reference} withdrawn.")


@router.get("/consultations/{reference}/advice")
def advice_form(reference: str, request: Request, db: SessionDep, user: ClinicianPage) -> Response:
    c = _visible(db, reference, user, opened="advice form opened")
    return _form_page(request, "consultations/advice.html", {}, c=c)


@router.post("/consultations/{reference}/advice", dependencies=[Csrf])
def advice_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage,
                  form: Annotated[OutcomeForm, Form()]) -> Response:
    values = form.values()
    c = _visible(db, reference, user)
    if missing := _missing(values, OUTCOME_NEEDS):
        return _form_page(request, "consultations/advice.html", values, missing, c=c)
    try:
        service.record_advice(db=db, consultation=c, clinician=user, advice=form.advice,
                              recommendation=form.recommendation, thrive=form.thrive, scores=form.scores(),
                              learning_needs=form.learning_needs)
    except InvalidInput as exc:
        db.rollback()
        return _form_page(request, "consultations/advice.html", values, _field_alias(exc),
                          c=service.get_consultation(db=db, reference=reference))
    except ConsultationError as exc:
        db.rollback()
        flash(request, str(exc), "error")
        return _go(reference)
    flash(request, f"Advice on {reference} recorded and the practitioner told.")
    return RedirectResponse("/consultations", status_code=303)


@router.get("/consultations/{reference}/feedback")
def feedback_form(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    c = _visible(db, reference, user)
    return _form_page(request, "consultations/feedback.html", {}, c=c)


@router.post("/consultations/{reference}/feedback", dependencies=[Csrf])
def feedback_submit(reference: str, request: Request, db: SessionDep, user: PractitionerPage,
                    form: Annotated[FeedbackForm, Form()]) -> Response:
    values = form.values()
    c = _visible(db, reference, user)
    if missing := _missing(values, {"helpfulness": "choose how helpful it was",
                                    "confidence_before": "choose how confident you felt before",
                                    "confidence_after": "choose how confident you feel now"}):
        return _form_page(request, "consultations/feedback.html", values, missing, c=c)
    try:
        feedback.record_feedback(
            db=db, consultation=c, practitioner=user, helpfulness=whole_number(form.helpfulness, "helpfulness") or 0,
            confidence_before=whole_number(form.confidence_before, "confidence_before") or 0,
            confidence_after=whole_number(form.confidence_after, "confidence_after") or 0, comment=form.comment)
    except InvalidInput as exc:
        db.rollback()
        return _form_page(request, "consultations/feedback.html", values, exc, c=c)
    except ConsultationError as exc:
        db.rollback()
        flash(request, str(exc), "error")
        return _go(reference)
    flash(request, "Thank you: your feedback helps the service show what it changes.")
    return _go(reference)
