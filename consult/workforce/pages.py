"""Practitioner pages: training courses and bookings, feedback, my supervision group, and the
development record (printable, and CSV for the infant mental health portfolio)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from consult import clock, formatting
from consult.auth.models import Role
from consult.consultations import labels as consultation_labels
from consult.core.http_errors import form_errors
from consult.core.types import DbId
from consult.deps import PractitionerPage, SessionDep
from consult.web import flash, not_found_page, render, templates, verify_csrf
from consult.workforce import supervision, training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.development import development_record, practitioner_summary, record_csv
from consult.workforce.rules import local_text
from consult.workforce.training import TrainingError

router = APIRouter(include_in_schema=False)
CSRF = [Depends(verify_csrf)]


def _when(value: str | datetime | None, fmt: str | None = None) -> str:
    """Local time for ISO strings (the API views) as well as datetimes: consult.formatting's
    "Tue 1 Dec 14:00"; `fmt` only for old callers."""
    if not value:
        return ""
    if fmt:
        return local_text(datetime.fromisoformat(value) if isinstance(value, str) else value, fmt=fmt)
    return formatting.date_time(value, today=clock.today_local())


templates.env.filters["when"] = _when


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/training")
def courses_page(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    mine = {b.course_id: b for b in training.bookings_for(db=db, user=user) if b.status in training.LIVE}
    positions = {cid: training.waiting_position(db=db, booking=b) for cid, b in mine.items()}
    return render(request, "workforce/courses.html", {
        "courses": training.list_courses(db=db, upcoming_only=True), "mine": mine, "positions": positions,
        "is_manager": user.has_role(Role.manager)})


@router.post("/training/{course_id}/book", dependencies=CSRF)
def book_page(course_id: DbId, request: Request, db: SessionDep, user: PractitionerPage) -> RedirectResponse:
    try:
        booking = training.book(db=db, request=TrainingBookingRequest(course_id=course_id), user=user)
    except TrainingError as exc:
        flash(request, str(exc), "error")
        return _see_other("/training")
    if booking.status.value == "booked":
        flash(request, f"You have a place on {booking.course.title}. Your reference is {booking.reference}.")
    else:
        position = training.waiting_position(db=db, booking=booking)
        flash(request, f"The course is full, so you are number {position} on the waiting list ({booking.reference}). "
                       "If a place comes free it is yours at once and we will tell you.", "warning")
    return _see_other("/training/bookings")


@router.get("/training/bookings")
def my_bookings_page(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    views = [training.booking_view(db=db, booking=b) for b in training.bookings_for(db=db, user=user)]
    return render(request, "workforce/my_bookings.html", {"bookings": views})


@router.post("/training/bookings/{reference}/cancel", dependencies=CSRF)
def cancel_page(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> RedirectResponse:
    try:
        booking, _ = training.cancel(db=db, reference=reference, actor=user)
    except TrainingError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, f"Cancelled {booking.reference}. Thank you for letting us know: the place goes to the next person waiting.")
    return _see_other("/training/bookings")


@router.get("/training/bookings/{reference}/feedback")
def feedback_form(reference: str, request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    try:
        booking = training.get_booking(db=db, reference=reference, actor=user)
    except TrainingError as exc:
        return not_found_page(request, "Booking not found", str(exc))
    return render(request, "workforce/feedback.html", {"booking": booking, "errors": {}, "values": {}})


@router.post("/training/bookings/{reference}/feedback", dependencies=CSRF)
def feedback_submit(
    reference: str, request: Request, db: SessionDep, user: PractitionerPage,
    confidence_before: Annotated[str, Form()] = "", confidence_after: Annotated[str, Form()] = "",
    usefulness: Annotated[str, Form()] = "", comment: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        booking = training.get_booking(db=db, reference=reference, actor=user)
    except TrainingError as exc:
        return not_found_page(request, "Booking not found", str(exc))
    values = {"confidence_before": confidence_before, "confidence_after": confidence_after, "usefulness": usefulness,
              "comment": comment}
    errors = {name: "Choose a number from 1 to 5." for name in ("confidence_before", "confidence_after", "usefulness")
              if values[name] not in {"1", "2", "3", "4", "5"}}
    if not errors:
        try:
            training.submit_feedback(db=db, booking=booking, user=user, confidence_before=int(confidence_before),
                                     confidence_after=int(confidence_after), usefulness=int(usefulness), comment=comment)
        except TrainingError as exc:
            errors.update(form_errors(exc))  # {"form": the sentence}: the course has no field to blame
    if errors:
        return render(request, "workforce/feedback.html", {"booking": booking, "errors": errors, "values": values},
                      status_code=422)
    flash(request, "Thank you: your feedback is recorded and appears in your development record.")
    return _see_other("/me/development")


@router.get("/supervision")
def supervision_page(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    groups = supervision.group_summaries(db=db) if user.has_role(Role.clinician) else []
    history = supervision.attendance_history(db=db, user=user)[:12]
    return render(request, "workforce/supervision.html", {
        "summary": practitioner_summary(db=db, user=user), "groups": groups, "history": history,
        "is_clinician": user.has_role(Role.clinician), "is_manager": user.has_role(Role.manager)})


@router.get("/me/development")
def development_page(request: Request, db: SessionDep, user: PractitionerPage) -> Response:
    return render(request, "workforce/development.html", {"record": development_record(db=db, user=user),
                                                          "now_text": formatting.long_date(clock.now()),
                                                          "words": consultation_labels})


@router.get("/me/development.csv")
def development_csv(db: SessionDep, user: PractitionerPage) -> Response:
    body = record_csv(development_record(db=db, user=user))
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="development-record.csv"'})
