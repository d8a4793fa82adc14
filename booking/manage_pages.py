"""The pages behind a booking's signed link (emailed on booking): the booking itself, cancelling it
and moving it to another time, each a plain form that works without JavaScript."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from booking import consultations, links, service
from booking.day_grid import DAYS_SHOWN, PAGE_DAYS, by_day, days_shown, page_start, slot_or_none, slot_when
from booking.models import Booking
from booking.present import METHOD_LABELS, WHAT_TO_PREPARE, how, hub_address, when
from booking.slots import Slot
from consult import clock
from consult.deps import OptionalWebUser, ProfileDep, SessionDep
from consult.profiles import Profile
from consult.ratelimit import rate_limit
from consult.web import FormDep, flash, render, verify_csrf

router = APIRouter(include_in_schema=False)


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
    first = page_start(start, today, profile)
    free = service.list_free_slots(db=db, profile=profile, start=first, days=PAGE_DAYS)
    return render(request, "booking/reschedule.html", {
        "booking": booking, "token": token, "when": when(profile, booking), "days": by_day(profile, free, first, []),
        "method_label": METHOD_LABELS[booking.method], "later": first + timedelta(days=PAGE_DAYS),
        "show_later": first + timedelta(days=PAGE_DAYS) <= today + timedelta(days=profile.booking.horizon_days),
        "errors": errors or {}, "token_query": urlencode({"token": token or ""}),
        "first": first, "shown": days_shown(show), "show_step": DAYS_SHOWN,  # the template lists the first few days
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
        "now_when": when(profile, booking), "when": slot_when(profile, slot), "hub": hub_address(profile, slot.family_hub),
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
    slot, problem = slot_or_none(db, profile, slot_id, None)
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
    slot, problem = slot_or_none(db, profile, slot_id, None) if slot_id else (None, "Choose a new time.")
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
