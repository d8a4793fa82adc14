"""Staff pages: managers create courses, approve delegates and record training attendance;
clinicians (supervisors) record supervision attendance; managers handle group membership."""
from __future__ import annotations

from datetime import datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.core.types import DbId, parse_day, parse_id
from consult.deps import ClinicianPage, ManagerPage, SessionDep
from consult.profiles import WEEKDAYS, active_profile
from consult.web import FormDep, flash, not_found_page, render, verify_csrf
from consult.workforce import supervision, training
from consult.workforce.models import Attendance, GroupMembership, SupervisionGroup
from consult.workforce.supervision import SupervisionError
from consult.workforce.training import SessionInput, TrainingError

router = APIRouter(include_in_schema=False)
CSRF = [Depends(verify_csrf)]
DAYS = (1, 2)


def _see_other(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _course_form_errors(form: dict[str, str]) -> tuple[dict[str, str], list[SessionInput]]:
    errors: dict[str, str] = {}
    if not form.get("title", "").strip():
        errors["title"] = "Enter the course title."
    if not form.get("capacity", "").isdigit() or not 1 <= int(form["capacity"]) <= 500:
        errors["capacity"] = "Enter the number of places, from 1 to 500."
    sessions = []
    for n in DAYS:
        fields = [form.get(f"day{n}_{k}", "").strip() for k in ("date", "start", "end", "venue")]
        if n > 1 and not any(fields):
            continue  # a one-day course leaves day 2 empty
        try:
            day = parse_day(fields[0])
            start, end = time.fromisoformat(fields[1]), time.fromisoformat(fields[2])
        except ValueError:
            errors[f"day{n}_date"] = f"Enter day {n}'s date and its start and end times."
            continue
        if end <= start:
            errors[f"day{n}_date"] = f"Day {n} must end after it starts."
        elif not fields[3]:
            errors[f"day{n}_venue"] = f"Enter day {n}'s venue: the training is in person."
        else:
            sessions.append(SessionInput(datetime.combine(day, start, LONDON), datetime.combine(day, end, LONDON),
                                         fields[3], form.get(f"day{n}_title", "").strip()))
    return errors, sessions


@router.get("/training/manage")
def manage_courses(request: Request, db: SessionDep, user: ManagerPage) -> Response:
    return render(request, "workforce/manage_courses.html", {
        "courses": training.list_courses(db=db), "errors": {}, "form": {
            "title": "Level 2 Attachment and Parent Infant Relationships", "capacity": "15",
            "day1_title": "Day 1: attachment", "day2_title": "Day 2: parent-infant relationships",
            "day1_start": "09:30", "day1_end": "16:30", "day2_start": "09:30", "day2_end": "16:30"}})


@router.post("/training/manage", dependencies=CSRF)
def create_course_page(request: Request, db: SessionDep, user: ManagerPage, submitted: FormDep) -> Response:
    form = {k: v for k, v in submitted.items() if isinstance(v, str) and k != "csrf_token"}
    errors, sessions = _course_form_errors(form)
    if not errors:
        try:
            course = training.create_course(db=db, title=form["title"], capacity=int(form["capacity"]),
                                            description=form.get("description", ""), sessions=sessions, created_by=user)
        except TrainingError as exc:
            errors["title"] = str(exc)
    if errors:
        return render(request, "workforce/manage_courses.html",
                      {"courses": training.list_courses(db=db), "errors": errors, "form": form}, status_code=422)
    flash(request, f"Course created: {course.title}, {course.capacity} places. Practitioners can book it now.")
    return _see_other(f"/training/manage/{course.id}")


@router.get("/training/manage/{course_id}")
def course_admin(course_id: DbId, request: Request, db: SessionDep, user: ManagerPage) -> Response:
    try:
        course = training.get_course(db=db, course_id=course_id)
    except TrainingError as exc:
        return not_found_page(request, "Course not found", str(exc))
    counts = training.booked_counts(db=db).get(course.id, (0, 0))
    rows = [(b, training.booking_view(db=db, booking=b)) for b in course.bookings]
    return render(request, "workforce/course_admin.html", {
        "course": course, "view": training.course_view(course, counts), "rows": rows, "now": clock.now(),
        "attendance_choices": [a.value for a in Attendance]})


@router.post("/training/manage/bookings/{reference}/approval", dependencies=CSRF)
def approval_page(reference: str, request: Request, db: SessionDep, user: ManagerPage,
                  decision: Annotated[str, Form()] = "") -> RedirectResponse:
    try:
        booking, promoted = training.decide(db=db, reference=reference, approve=decision == "approve", actor=user)
        flash(request, f"{booking.user.name}: {'approved' if decision == 'approve' else 'not approved'}"
                       + (f"; {promoted.user.name} moves up from the waiting list." if promoted else "."))
        return _see_other(f"/training/manage/{booking.course_id}")
    except TrainingError as exc:
        flash(request, str(exc), "error")
        return _see_other("/training/manage")


@router.post("/training/manage/bookings/{reference}/attendance", dependencies=CSRF)
def training_attendance_page(reference: str, request: Request, db: SessionDep, user: ManagerPage,
                             form: FormDep) -> RedirectResponse:
    try:
        booking = training.get_booking(db=db, reference=reference, actor=user)
        for session in booking.course.sessions:
            value = form.get(f"session_{session.id}")
            if value in {a.value for a in Attendance}:
                training.record_attendance(db=db, booking=booking, session_id=session.id, status=Attendance(value), actor=user)
    except TrainingError as exc:
        flash(request, str(exc), "error")
        return _see_other("/training/manage")
    flash(request, f"Attendance saved for {booking.user.name}.")
    return _see_other(f"/training/manage/{booking.course_id}")


# -- supervision -------------------------------------------------------------------------------
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKS = ("First", "Second", "Third", "Fourth")


def _supervisors(db: Session) -> list[User]:
    return list(db.scalars(select(User).where(User.role.in_(supervision.SUPERVISOR_ROLES), User.active.is_(True))
                           .order_by(User.name)).all())


def _new_group_page(request: Request, db: Session, form: dict[str, str], errors: dict[str, str],
                    status_code: int = 200) -> Response:
    profile = active_profile()
    return render(request, "workforce/group_new.html", {
        "form": form, "errors": errors, "districts": profile.districts, "supervisors": _supervisors(db),
        "weekdays": [(d, WEEKDAY_NAMES[d]) for d in sorted(profile.working_weekdays)], "weeks": list(enumerate(WEEKS, 1)),
        "hours": profile.office_hours}, status_code=status_code)


@router.get("/supervision/groups/new")  # before /supervision/groups/{group_id}, which would take "new" as an id
def new_group_form(request: Request, db: SessionDep, user: ManagerPage) -> Response:
    rule = active_profile().supervision
    return _new_group_page(request, db, {
        "weekday": str(WEEKDAYS.index(rule.session_weekday)), "week_of_month": str(rule.session_week_of_month),
        "starts": rule.session_starts.strftime("%H:%M"), "minutes": str(rule.session_minutes)}, {})


def _chosen_supervisor(db: Session, value: str) -> User | None:
    """The supervisor select's value: empty for "to be confirmed", else a clinician's id."""
    if not value.strip():
        return None
    user_id = parse_id(value)
    if user_id is None:
        raise SupervisionError("invalid", "Choose the supervisor from the list.", "supervisor_id")
    return supervision.find_supervisor(db=db, user_id=user_id)


def _parse_rule(form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's meeting rule as create_group's arguments; format errors by field (the service checks the rest)."""
    values: dict[str, Any] = {}  # create_group's keyword arguments: whole numbers and a time of day
    errors: dict[str, str] = {}
    for name, message in (("weekday", "Choose the day of the week."), ("week_of_month", "Choose the week of the month."),
                          ("minutes", "Enter how long a session lasts, in minutes.")):
        if form.get(name, "").strip().isdigit() and len(form[name].strip()) <= 4:
            values[name] = int(form[name])
        else:
            errors[name] = message
    try:
        values["starts"] = time.fromisoformat(form.get("starts", "").strip())
    except ValueError:
        errors["starts"] = "Enter the start time, for example 10:00."
    return values, errors


@router.post("/supervision/groups", dependencies=CSRF)
def create_group_page(request: Request, db: SessionDep, user: ManagerPage, submitted: FormDep) -> Response:
    form = {k: v for k, v in submitted.items() if isinstance(v, str) and k != "csrf_token"}
    rule, errors = _parse_rule(form)
    try:
        supervisor = _chosen_supervisor(db, form.get("supervisor_id", ""))
        if not errors:
            group = supervision.create_group(db=db, name=form.get("name", ""), district=form.get("district", ""),
                                             supervisor=supervisor, location=form.get("location", ""), actor=user,
                                             schedule=True, **rule)
    except SupervisionError as exc:
        errors = exc.errors or {"name": str(exc)}
    if errors:
        return _new_group_page(request, db, form, errors, status_code=422)
    flash(request, f"{group.name} is set up and its sessions are scheduled. Add its members below.")
    return _see_other(f"/supervision/groups/{group.id}")


def _group_page(request: Request, db: Session, user: User, group: SupervisionGroup, errors: dict[str, str] | None = None,
                status_code: int = 200) -> Response:
    now, today = clock.now(), clock.today_local()
    in_groups = select(GroupMembership.user_id).where(GroupMembership.left_on.is_(None))
    candidates = db.scalars(select(User).where(User.role == Role.practitioner, User.active.is_(True),
                                               User.id.not_in(in_groups)).order_by(User.name)).all()
    past = [s for s in group.sessions if s.starts_at <= now][-6:][::-1]
    return render(request, "workforce/group.html", {
        "group": group, "current": supervision.members_on(db=db, group_id=group.id, on=today),
        "former": [m for m in group.memberships if m.left_on is not None],
        "upcoming": [s for s in group.sessions if s.starts_at > now][:3], "past": past,
        "members_on": {s.id: supervision.members_on(db=db, group_id=group.id, on=s.starts_at.astimezone(LONDON).date())
                       for s in past},
        "marks": {s.id: {a.user_id: a.status.value for a in s.attendance} for s in past},
        "candidates": candidates, "roles": active_profile().supervision.member_roles,
        "supervisors": _supervisors(db) if user.has_role(Role.manager) else [], "errors": errors or {},
        "weekday_names": WEEKDAY_NAMES, "weeks": WEEKS,
        "is_manager": user.has_role(Role.manager), "attendance_choices": [a.value for a in Attendance]},
        status_code=status_code)


@router.get("/supervision/groups/{group_id}")
def group_page(group_id: DbId, request: Request, db: SessionDep, user: ClinicianPage) -> Response:
    try:
        group = supervision.get_group(db=db, group_id=group_id)
    except SupervisionError as exc:
        return not_found_page(request, "Group not found", str(exc))
    return _group_page(request, db, user, group)


@router.post("/supervision/groups/{group_id}/supervisor", dependencies=CSRF)
def supervisor_page(group_id: DbId, request: Request, db: SessionDep, user: ManagerPage,
                    supervisor_id: Annotated[str, Form()] = "") -> Response:
    try:
        group = supervision.get_group(db=db, group_id=group_id)
    except SupervisionError as exc:
        return not_found_page(request, "Group not found", str(exc))
    try:
        supervisor = _chosen_supervisor(db, supervisor_id)
        supervision.set_supervisor(db=db, group=group, supervisor=supervisor, actor=user)
    except SupervisionError as exc:
        return _group_page(request, db, user, group, exc.errors or {"supervisor_id": str(exc)}, status_code=422)
    flash(request, f"{supervisor.name} now leads {group.name}; the sessions still to come are theirs." if supervisor
          else f"{group.name}'s supervisor is now to be confirmed.")
    return _see_other(f"/supervision/groups/{group.id}")


@router.post("/supervision/sessions/{session_id}/attendance", dependencies=CSRF)
def supervision_attendance_page(session_id: DbId, request: Request, db: SessionDep, user: ClinicianPage,
                                form: FormDep) -> RedirectResponse:
    try:
        session = supervision.get_session(db=db, session_id=session_id)
        for key, value in form.items():
            member_id = parse_id(key.removeprefix("member_")) if key.startswith("member_") else None
            if member_id is not None and value in {a.value for a in Attendance}:
                supervision.record_attendance(db=db, session=session, user_id=member_id,
                                              status=Attendance(value), actor=user)
    except (SupervisionError, ValueError) as exc:
        flash(request, str(exc), "error")
        return _see_other("/supervision")
    flash(request, "Attendance saved.")
    return _see_other(f"/supervision/groups/{session.group_id}")


@router.post("/supervision/groups/{group_id}/members", dependencies=CSRF)
def add_member_page(group_id: DbId, request: Request, db: SessionDep, user: ManagerPage,
                    user_id: Annotated[str, Form()] = "", member_role: Annotated[str, Form()] = "") -> RedirectResponse:
    member_id = parse_id(user_id)
    member = db.get(User, member_id) if member_id is not None else None
    try:
        group = supervision.get_group(db=db, group_id=group_id)
        if member is None:
            raise SupervisionError("invalid", "Choose the practitioner who is joining.")
        supervision.add_member(db=db, group=group, user=member, member_role=member_role, actor=user)
        flash(request, f"{member.name} has joined {group.name}.")
    except SupervisionError as exc:
        flash(request, str(exc), "error")
    return _see_other(f"/supervision/groups/{group_id}")


@router.post("/supervision/memberships/{membership_id}/end", dependencies=CSRF)
def end_membership_page(membership_id: DbId, request: Request, db: SessionDep, user: ManagerPage,
                        reason: Annotated[str, Form(max_length=200)] = "") -> RedirectResponse:
    try:
        membership = supervision.remove_member(db=db, membership_id=membership_id, reason=reason, actor=user)
        flash(request, f"{membership.user.name} has left the group; their attendance history is kept.")
        return _see_other(f"/supervision/groups/{membership.group_id}")
    except SupervisionError as exc:
        flash(request, str(exc), "error")
        return _see_other("/supervision")
