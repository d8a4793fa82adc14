"""Booking pages: /book (days and free times), the booking form, and the clinicians' list where
attendance is recorded (the pages behind a booking's signed link are booking/manage_pages.py).
Plain links and forms: everything works without JavaScript.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from booking import identity, links, rota, service, shortfall, slot_cache
from booking.commands import BookingRequest, PractitionerDetails
from booking.day_grid import DAYS_SHOWN, PAGE_DAYS, Day, by_day, days_shown, page_start, slot_or_none, slot_when
from booking.present import METHOD_LABELS, hub_address, when
from booking.slots import Slot
from consult import clock
from consult.core.calendar import upcoming_closures
from consult.core.types import parse_day
from consult.deps import ClinicianPage, OptionalWebUser, ProfileDep, SessionDep, in_one_trip
from consult.profiles import Profile, active_profile
from consult.ratelimit import rate_limit
from consult.web import FormDep, flash, render, render_kept, templates, verify_csrf

router = APIRouter(include_in_schema=False)
FIELDS = ("name", "email", "phone", "role", "organisation", "district", "summary", "consent", "consultation_reference")


def _method(value: str | None) -> str | None:
    return value if value in METHOD_LABELS else None


@router.get("/book")
async def book_page(request: Request) -> Response:
    # The reads, the shortfall count and the page in one trip through the threadpool, as /service
    # and the FAQ: a SessionDep and a plain route cost two (the route, then ending the session).
    # The four optional words are read from the query string here, as FastAPI would read them (the
    # last of a repeated one; the page is not in the API's schema): solving them as parameters, and
    # the profile as a dependency, was a sixth of the page's time (issue 23).
    query = request.query_params
    method, start, error, show = query.get("method"), query.get("start"), query.get("error"), query.get("show")
    profile = active_profile()
    return await in_one_trip(lambda db: _book_page(request, db, profile, method, start, error, show))


def _book_page(request: Request, db: Session, profile: Profile, method: str | None, start: str | None,
               error: str | None, show: str | None) -> Response:
    today = clock.today_local()
    method = _method(method)
    first = page_start(start, today, profile)
    # The whole horizon, to know whether anything is free within the acknowledgement limit.
    free = service.list_free_slots(db=db, profile=profile, start=today, days=profile.booking.horizon_days + 1, method=method)
    short = shortfall.check(db=db, profile=profile, free=free, method=method)
    count = days_shown(show)
    # The same for every visitor: kept until the rota, a booking or a name changes. Between two such
    # changes the free list moves only as the clock passes its first or last slot, hence those in the key.
    window = (free[0].start, free[-1].start) if free else None
    kept_for, times = slot_cache.remembered(db, slot_cache.BOTH, ("/book", id(profile), first, method, count, window),
                                            lambda: (profile, _times(db, profile, free, first, method, count)))
    if kept_for is not profile:
        times = _times(db, profile, free, first, method, count)
    context = {
        "days": times.days, "times_html": times.html, "more_days": times.more_days,
        "show_more": count + DAYS_SHOWN,
        "method": method, "methods": METHOD_LABELS, "shortfall": short, "first": first, "today": today,
        "later": times.later, "earlier": first - timedelta(days=PAGE_DAYS) if first > today else None,
        "error": {"taken": "Sorry, someone else has just booked that time. Please choose another."}.get(error or ""),
    }
    # What the page reads of `days` is whether there are any; the rest of the times are in times.html.
    key = (bool(times.days), times.html, times.more_days.day if times.more_days else None, count, method, short,
           first, today, times.later, context["error"])
    return render_kept(request, "booking/book.html", context, key, status_code=409 if error == "taken" else 200)


@dataclass(frozen=True)
class _Times:
    """/book's free times from `first`: the days shown (rendered), the next day to show, later dates."""

    days: list[Day]
    html: Markup
    more_days: Day | None
    later: date | None


def _times(db: Session, profile: Profile, free: list[Slot], first: date, method: str | None, count: int) -> _Times:
    zone = ZoneInfo(profile.timezone)
    last = first + timedelta(days=PAGE_DAYS)
    shown = [s for s in free if first <= s.start.astimezone(zone).date() < last]
    closures = upcoming_closures(db=db, start=first, days=PAGE_DAYS, profile=profile)
    later = last if any(s.start.astimezone(zone).date() >= last for s in free) else None
    days = by_day(profile, shown, first, [(d, r) for d, r in closures if d.weekday() < 6], method)
    html = Markup(templates.env.get_template("booking/_book_times.html").render(days=days[:count], method=method))
    return _Times(days[:count], html, days[count] if count < len(days) else None, later)


def _form_page(request: Request, profile: Profile, slot: Slot, values: Mapping[str, str | None], errors: dict[str, str],
               status_code: int = 200) -> Response:
    return render(request, "booking/form.html", {
        "slot": slot, "values": values, "errors": errors, "methods": METHOD_LABELS,
        "when": slot_when(profile, slot), "hub": hub_address(profile, slot.family_hub),
    }, status_code=status_code)


@router.get("/book/slot/{slot_id}")
def booking_form(request: Request, slot_id: str, db: SessionDep, profile: ProfileDep, user: OptionalWebUser,
                 method: str | None = None) -> Response:
    slot, problem = slot_or_none(db, profile, slot_id, _method(method))
    if slot is None:
        return render(request, "message.html", {"heading": "That time cannot be booked", "message": problem,
                                                "link": {"href": "/book", "text": "Choose another time"}}, status_code=409)
    values = {"method": _method(method) if _method(method) in slot.methods else slot.methods[0]}
    if user is not None:
        values.update(name=user.name, email=user.email or "", role=user.job_role or "",
                      organisation=user.organisation or "", district=user.district or "")
    return _form_page(request, profile, slot, values, {})


def _required(form: FormData) -> tuple[dict[str, str], dict[str, str]]:
    values = {name: str(form.get(name, "")).strip() for name in FIELDS + ("method",)}
    errors = {}
    for name, message in (("name", "Enter your name"), ("email", "Enter your work email address"),
                          ("district", "Choose the district you work in"),
                          ("summary", "Say briefly what you would like to discuss")):
        if not values[name]:
            errors[name] = message
    if values["method"] not in METHOD_LABELS:
        errors["method"] = "Choose how the discussion will be held"
    if values["method"] == "phone" and not values["phone"]:
        errors["phone"] = "Enter a phone number the clinician can call you on"
    if not values["consent"]:
        errors["consent"] = "Confirm that the family knows you are asking for advice"
    return values, errors


_ERROR_FIELDS = {"practitioner.email": "email", "practitioner.phone": "phone", "practitioner.district": "district",
                 "consent_confirmed": "consent", "summary": "summary", "consultation_reference": "consultation_reference",
                 "method": "method"}


@router.post("/book/slot/{slot_id}", dependencies=[Depends(verify_csrf), Depends(rate_limit("booking", "30/minute"))])
def booking_submitted(request: Request, slot_id: str, db: SessionDep, profile: ProfileDep, user: OptionalWebUser,
                      form: FormDep) -> Response:
    values, errors = _required(form)
    slot, problem = slot_or_none(db, profile, slot_id, values["method"] or None)
    if slot is None:
        return RedirectResponse("/book?error=taken", status_code=303) if "someone else" in (problem or "") else render(
            request, "message.html", {"heading": "That time cannot be booked", "message": problem,
                                      "link": {"href": "/book", "text": "Choose another time"}}, status_code=409)
    if errors:
        return _form_page(request, profile, slot, values, errors, status_code=422)
    try:
        booking = service.book(db=db, profile=profile, user_id=user.id if user else None, request=BookingRequest(
            slot_id=slot_id, method=values["method"],
            practitioner=PractitionerDetails(values["name"], values["email"], values["phone"] or None,
                                             values["role"], values["organisation"], values["district"]),
            summary=values["summary"], consent_confirmed=bool(values["consent"]),
            consultation_reference=values["consultation_reference"] or None))
    except service.SlotUnavailable as exc:
        if exc.code == "method_not_offered":
            return _form_page(request, profile, slot, values, {"method": exc.message}, 422)
        return RedirectResponse("/book?error=taken", status_code=303)
    except service.InvalidBooking as exc:
        return _form_page(request, profile, slot, values, {_ERROR_FIELDS.get(exc.field or "", "summary"): exc.message}, 422)
    except (identity.SignInNeeded, identity.NotAPractitioner) as exc:
        code = 401 if isinstance(exc, identity.SignInNeeded) else 403
        return _form_page(request, profile, slot, values, {"email": exc.message}, code)
    token = links.make_token(booking.reference)
    return RedirectResponse(f"/book/manage/{booking.reference}?token={token}&new=1", status_code=303)


# -- clinicians ----------------------------------------------------------------------------
@router.get("/book/clinic")
def clinic_page(request: Request, db: SessionDep, profile: ProfileDep, user: ClinicianPage, start: str | None = None,
                everyone: int = 0) -> Response:
    zone = ZoneInfo(profile.timezone)
    try:
        first = parse_day(start) if start else clock.today_local() - timedelta(days=7)
    except ValueError:
        first = clock.today_local()
    since = datetime.combine(first, time(0), zone)
    found = service.clinic_list(db=db, viewer=user, start=since, end=since + timedelta(days=21),
                                clinician_id=None if everyone else user.id)
    names = rota.clinician_names(db=db, ids={b.clinician_id for b in found})
    return render(request, "booking/clinic.html", {
        "bookings": found, "names": names, "now": clock.now(), "everyone": bool(everyone), "first": first,
        "labels": METHOD_LABELS, "when": lambda b: when(profile, b),
    })


@router.post("/book/clinic/{reference}/attendance", dependencies=[Depends(verify_csrf)])
def attendance_submitted(request: Request, reference: str, db: SessionDep, profile: ProfileDep, user: ClinicianPage,
                         form: FormDep) -> RedirectResponse:
    outcome = str(form.get("outcome", ""))
    try:
        booking = service.record_attendance(db=db, profile=profile, reference=reference, outcome=outcome, clinician_id=user.id)
        flash(request, f"{booking.reference}: recorded as {outcome.replace('_', ' ')}.")
    except service.BookingError as exc:
        flash(request, exc.message, "error")
    return RedirectResponse("/book/clinic", status_code=303)
