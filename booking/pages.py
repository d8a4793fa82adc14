"""Booking pages: /book (days and free times), the booking form, the confirmation and manage
page behind a signed link (cancel, reschedule, calendar file), and the clinicians' list where
attendance is recorded. Plain links and forms: everything works without JavaScript.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import groupby
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from booking import consultations, identity, links, rota, service, shortfall, slot_cache
from booking.commands import BookingRequest, PractitionerDetails
from booking.models import Booking
from booking.present import METHOD_LABELS, WHAT_TO_PREPARE, how, hub_address, when
from booking.slots import Slot
from consult import clock
from consult.core.calendar import upcoming_closures
from consult.core.types import parse_day
from consult.deps import ClinicianPage, OptionalWebUser, ProfileDep, SessionDep, in_one_trip
from consult.profiles import Profile, active_profile
from consult.ratelimit import rate_limit
from consult.web import FormDep, flash, render, render_kept, templates, verify_csrf

router = APIRouter(include_in_schema=False)
PAGE_DAYS = 14
DAYS_SHOWN = 5  # days listed at first on /book and the reschedule page; "Show more days" adds as many again, up to the page's 14
FIELDS = ("name", "email", "phone", "role", "organisation", "district", "summary", "consent", "consultation_reference")


@dataclass
class Day:
    day: date
    slots: list[Slot] = field(default_factory=list)
    closed: str | None = None
    ways: dict[str, str] = field(default_factory=dict)  # slot id: how or where ("phone or video", a Family Hub)

    @property
    def common_ways(self) -> str | None:
        """How every time of the day can be held, when that is the same for all: said once under
        the day's heading instead of under each time, which keeps the grid of times short."""
        found = set(self.ways.values())
        return found.pop() if len(found) == 1 else None


def _ways(slot: Slot, method: str | None) -> str:
    if slot.family_hub and (not method or method == "in_person"):
        return f"{slot.family_hub} or remote" if not method else slot.family_hub
    if "video" in slot.methods and "phone" in slot.methods:
        return "phone or video"
    return " or ".join(m.replace("_", " ") for m in slot.methods)


def _days(profile: Profile, free: list[Slot], start: date, closures: list[tuple[date, str]],
          method: str | None = None) -> list[Day]:
    """Free times grouped by local day; one entry per time even when several clinicians are free
    then (the practitioner chooses a time, not a person)."""
    zone = ZoneInfo(profile.timezone)
    days = {d: Day(d, closed=reason) for d, reason in closures}
    for local_day, group in groupby(free, key=lambda s: s.start.astimezone(zone).date()):
        seen: set[tuple[datetime, str | None]] = set()
        entry = days.setdefault(local_day, Day(local_day))
        for slot in group:
            if (slot.start, slot.family_hub) not in seen:
                seen.add((slot.start, slot.family_hub))
                entry.slots.append(slot)
                entry.ways[slot.id] = _ways(slot, method)
    return [days[d] for d in sorted(days) if d >= start]


def _days_shown(value: str | None) -> int:
    """How many days to list: a number the "Show more days" link made, else the first few."""
    value = (value or "").strip()
    return min(int(value), PAGE_DAYS) if value.isdigit() and len(value) <= 2 and int(value) > 0 else DAYS_SHOWN


def _method(value: str | None) -> str | None:
    return value if value in METHOD_LABELS else None


def _page_start(value: str | None, today: date, profile: Profile) -> date:
    try:
        chosen = parse_day(value) if value else today
    except ValueError:
        chosen = today
    return min(max(chosen, today), today + timedelta(days=profile.booking.horizon_days))


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
    first = _page_start(start, today, profile)
    # The whole horizon, to know whether anything is free within the acknowledgement limit.
    free = service.list_free_slots(db=db, profile=profile, start=today, days=profile.booking.horizon_days + 1, method=method)
    short = shortfall.check(db=db, profile=profile, free=free, method=method)
    count = _days_shown(show)
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
    days = _days(profile, shown, first, [(d, r) for d, r in closures if d.weekday() < 6], method)
    html = Markup(templates.env.get_template("booking/_book_times.html").render(days=days[:count], method=method))
    return _Times(days[:count], html, days[count] if count < len(days) else None, later)


def _slot_or_none(db: Session, profile: Profile, slot_id: str, method: str | None) -> tuple[Slot | None, str | None]:
    try:
        slot = service.check_slot(db=db, profile=profile, slot_id=slot_id, method=method or "phone")
    except service.SlotUnavailable as exc:
        if exc.code != "method_not_offered":
            return None, exc.message
        slot = rota.find_slot(db=db, profile=profile, slot_id=slot_id)  # type: ignore[assignment]
    except service.InvalidBooking as exc:
        return None, exc.message
    return slot, None


def _form_page(request: Request, profile: Profile, slot: Slot, values: Mapping[str, str | None], errors: dict[str, str],
               status_code: int = 200) -> Response:
    return render(request, "booking/form.html", {
        "slot": slot, "values": values, "errors": errors, "methods": METHOD_LABELS,
        "when": _slot_when(profile, slot), "hub": hub_address(profile, slot.family_hub),
    }, status_code=status_code)


def _slot_when(profile: Profile, slot: Slot) -> str:
    zone = ZoneInfo(profile.timezone)
    return f"{slot.start.astimezone(zone):%A %-d %B %Y, %H:%M} to {slot.end.astimezone(zone):%H:%M}"


@router.get("/book/slot/{slot_id}")
def booking_form(request: Request, slot_id: str, db: SessionDep, profile: ProfileDep, user: OptionalWebUser,
                 method: str | None = None) -> Response:
    slot, problem = _slot_or_none(db, profile, slot_id, _method(method))
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
    slot, problem = _slot_or_none(db, profile, slot_id, values["method"] or None)
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


# -- the signed link's pages -------------------------------------------------------------------
def _linked(request: Request, db: Session, profile: Profile, reference: str,
            token: str | None) -> tuple[Booking, None] | tuple[None, Response]:
    """The booking the link is for, or a page explaining why the link does not work."""
    try:
        booking = service.get_booking(db=db, reference=reference)
        links.check_token(token, reference=booking.reference, profile=profile)
    except service.BookingNotFound:
        return None, render(request, "message.html", {"heading": "Booking not found", "message": "No booking has that reference."}, 404)
    except links.LinkExpired:
        return None, render(request, "message.html", {
            "heading": "This link has expired",
            "message": "Links to manage a booking stop working after a few weeks. Contact the team if you need to change this booking.",
            "link": {"href": "/book", "text": "Book a new triage discussion"}}, 403)
    except links.LinkInvalid:
        return None, render(request, "message.html", {
            "heading": "This link does not work",
            "message": "It may have been copied incompletely. Use the link from your confirmation email."}, 403)
    return booking, None


@router.get("/book/manage/{reference}")
def manage_page(request: Request, reference: str, db: SessionDep, profile: ProfileDep, user: OptionalWebUser,
                token: str | None = None, new: int = 0) -> Response:
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    # The emailed link followed while signed in with the booking's address: a booking that stood on
    # its own (made without an account) joins the account, with its consultation.
    if user is not None and consultations.join_account(db=db, booking=booking, user=user):
        flash(request, f"This booking and its consultation {booking.consultation_reference or ''} are now in your account.")
    # Not an audited read: the link's holder is the practitioner seeing their own booking (clinicians'
    # reads of these details are audited in service.clinic_list).
    response = render(request, "booking/manage.html", {
        "booking": booking, "token": token, "new": bool(new), "when": when(profile, booking), "how": how(profile, booking),
        "prepare": WHAT_TO_PREPARE, "ics": links.ics_path(booking.reference, token), "method_label": METHOD_LABELS[booking.method],  # type: ignore[arg-type]
        "can_change": booking.status.value == "booked" and booking.starts_at > clock.now(),
        "cutoff": profile.booking.practitioner_cancel_cutoff_hours,
        "manage_path": f"/book/manage/{booking.reference}?token={token}",
    })
    response.headers["Cache-Control"] = "no-store"  # shows the practitioner's phone number
    return response


def _change_refused(request: Request, booking: Booking, token: str, message: str) -> RedirectResponse:
    flash(request, message, "error")
    return RedirectResponse(f"/book/manage/{booking.reference}?token={token}", status_code=303)


def _manage_path(booking: Booking, token: str | None) -> str:
    return f"/book/manage/{booking.reference}?{urlencode({'token': token or ''})}"


@router.get("/book/manage/{reference}/cancel")
def cancel_page(request: Request, reference: str, db: SessionDep, profile: ProfileDep,
                token: str | None = None) -> Response:
    """The second step: cancelling acts only when this page's form is sent (no JavaScript needed)."""
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    lines = ["The time is freed for someone else at once."]
    if consultations.ends_with_booking(db=db, booking=booking):
        lines.append(f"The consultation request {booking.consultation_reference} that this booking opened is "
                     "withdrawn with it. You can book again or ask for advice at any time.")
    return render(request, "confirm.html", {
        "heading": "Cancel your triage booking?", "facts": [("Reference", booking.reference), ("When", when(profile, booking)),
                                                            ("How", METHOD_LABELS[booking.method])],
        "lines": lines, "action": f"/book/manage/{booking.reference}/cancel", "hidden": {"token": token or ""},
        "button": "Yes, cancel this booking", "keep": "No, keep it",
        "back": {"href": _manage_path(booking, token), "text": "Back to your booking"},
    })


@router.post("/book/manage/{reference}/cancel", dependencies=[Depends(verify_csrf), Depends(rate_limit("booking", "30/minute"))])
def cancel_submitted(request: Request, reference: str, db: SessionDep, profile: ProfileDep, form: FormDep) -> Response:
    token = str(form.get("token", ""))
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    if form.get("confirm") != "yes":  # the first click only asks (cancel_page)
        return RedirectResponse(f"/book/manage/{booking.reference}/cancel?{urlencode({'token': token})}", status_code=303)
    try:
        service.cancel(db=db, profile=profile, reference=booking.reference)
    except service.ChangeRefused as exc:
        return _change_refused(request, booking, token, exc.message)
    flash(request, "Your booking is cancelled and the time is free for someone else.")
    return RedirectResponse(_manage_path(booking, token), status_code=303)


def _reschedule_list(request: Request, db: Session, profile: Profile, booking: Booking, token: str | None, start: str | None,
                     errors: Mapping[str, str | None] | None = None, status_code: int = 200,
                     show: str | None = None) -> Response:
    today = clock.today_local()
    first = _page_start(start, today, profile)
    free = service.list_free_slots(db=db, profile=profile, start=first, days=PAGE_DAYS)
    return render(request, "booking/reschedule.html", {
        "booking": booking, "token": token, "when": when(profile, booking), "days": _days(profile, free, first, []),
        "method_label": METHOD_LABELS[booking.method], "later": first + timedelta(days=PAGE_DAYS),
        "show_later": first + timedelta(days=PAGE_DAYS) <= today + timedelta(days=profile.booking.horizon_days),
        "errors": errors or {}, "token_query": urlencode({"token": token or ""}),
        "first": first, "shown": _days_shown(show), "show_step": DAYS_SHOWN,  # the template lists the first few days
    }, status_code=status_code)


@router.get("/book/manage/{reference}/reschedule")
def reschedule_page(request: Request, reference: str, db: SessionDep, profile: ProfileDep, token: str | None = None,
                    start: str | None = None, show: str | None = None) -> Response:
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    return _reschedule_list(request, db, profile, booking, token, start, show=show)


def _move_form(request: Request, profile: Profile, booking: Booking, token: str | None, slot: Slot, method: str,
               errors: dict[str, str], status_code: int = 200) -> Response:
    return render(request, "booking/reschedule_confirm.html", {
        "booking": booking, "token": token, "slot": slot, "values": {"method": method}, "errors": errors,
        "now_when": when(profile, booking), "when": _slot_when(profile, slot), "hub": hub_address(profile, slot.family_hub),
        "token_query": urlencode({"token": token or ""}),
    }, status_code=status_code)


@router.get("/book/manage/{reference}/reschedule/{slot_id}")
def move_form(request: Request, reference: str, slot_id: str, db: SessionDep, profile: ProfileDep,
              token: str | None = None) -> Response:
    """The chosen time, with its methods to choose from, as on the booking form: nothing moves until it is sent."""
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    slot, problem = _slot_or_none(db, profile, slot_id, None)
    if slot is None:
        return _reschedule_list(request, db, profile, booking, token, None, {"times": problem}, 409)
    method = booking.method if booking.method in slot.methods else slot.methods[0]
    return _move_form(request, profile, booking, token, slot, method, {})


@router.post("/book/manage/{reference}/reschedule", dependencies=[Depends(verify_csrf), Depends(rate_limit("booking", "30/minute"))])
def reschedule_submitted(request: Request, reference: str, db: SessionDep, profile: ProfileDep, form: FormDep) -> Response:
    token, slot_id, method = str(form.get("token", "")), str(form.get("slot_id", "")), str(form.get("method", ""))
    booking, refusal = _linked(request, db, profile, reference, token)
    if refusal:
        return refusal
    assert booking is not None  # _linked gives a booking whenever it gives no refusal
    slot, problem = _slot_or_none(db, profile, slot_id, None) if slot_id else (None, "Choose a new time.")
    if slot is None:
        return _reschedule_list(request, db, profile, booking, token, None, {"times": problem}, 422 if not slot_id else 409)
    if method not in slot.methods:
        return _move_form(request, profile, booking, token, slot, method,
                          {"method": "Choose how the discussion will be held"}, 422)
    try:
        service.move(db=db, profile=profile, reference=booking.reference, slot_id=slot_id, method=method)
    except service.SlotUnavailable as exc:
        return _reschedule_list(request, db, profile, booking, token, None, {"times": exc.message}, 409)
    except service.InvalidBooking as exc:
        return _move_form(request, profile, booking, token, slot, method, {"method": exc.message}, 422)
    except service.ChangeRefused as exc:
        return _change_refused(request, booking, token, exc.message)
    flash(request, "Your booking has moved. Download the calendar invite again to update your calendar.")
    return RedirectResponse(_manage_path(booking, token), status_code=303)


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
