"""JSON API for training and supervision: thin; parsing here, rules in the services."""
from __future__ import annotations

from datetime import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from sqlalchemy.orm import Session

from consult.core.types import BoundedDate, BoundedInstant, DbId, Int32, Reference
from consult.deps import ApiUser, ClinicianApi, ManagerApi, PractitionerApi, SessionDep
from consult.profiles import WEEKDAYS
from consult.workforce import schemas, supervision, training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.development import practitioner_summary
from consult.workforce.figures import workforce_figures
from consult.workforce.models import Attendance, SupervisionGroup, TrainingBooking
from consult.workforce.training import SessionInput

router = APIRouter(tags=["training and supervision"])


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class SessionBody(_Body):
    start: BoundedInstant
    end: BoundedInstant
    venue: str = Field(min_length=1, max_length=300)
    title: str = Field(default="", max_length=200)


class CourseBody(_Body):
    title: str = Field(min_length=1, max_length=200)
    capacity: int = Field(ge=1, le=500)
    sessions: list[SessionBody] = Field(min_length=1, max_length=10)
    description: str = Field(default="", max_length=4000)


class DecisionBody(_Body):
    approve: bool


class AttendanceBody(_Body):
    session_id: DbId
    status: Attendance


class FeedbackBody(_Body):
    confidence_before: int = Field(ge=1, le=5)
    confidence_after: int = Field(ge=1, le=5)
    usefulness: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=2000)


class GroupBody(_Body):
    # name is checked by the service, so an empty one gets its sentence rather than a schema error.
    name: str = Field(default="", max_length=200)
    district: str = Field(default="", max_length=80)
    supervisor_id: DbId | None = None
    location: str = Field(default="", max_length=200)
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] | None = None
    week_of_month: Int32 | None = None
    starts: time | None = None
    minutes: Int32 | None = None


    @field_validator("starts")
    @classmethod
    def _local(cls, value: time | None) -> time | None:
        if value is not None and value.tzinfo is not None:
            raise ValueError("give the local start time without a zone, for example 10:00")
        return value


class SupervisorBody(_Body):
    supervisor_id: DbId | None  # null: to be confirmed


class MemberAttendanceBody(_Body):
    user_id: DbId
    status: Attendance


def _booking_json(db: Session, booking: TrainingBooking) -> dict[str, Any]:
    view = training.booking_view(db=db, booking=booking)
    if view["position"] is None:
        del view["position"]
    return view


@router.post("/api/training/courses", status_code=201, response_model=schemas.CourseOut)
def create_course(body: CourseBody, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    course = training.create_course(
        db=db, title=body.title, capacity=body.capacity, description=body.description, created_by=user,
        sessions=[SessionInput(start=s.start, end=s.end, venue=s.venue, title=s.title) for s in body.sessions])
    return training.course_view(course, (0, 0))


@router.get("/api/training/courses", response_model=schemas.CoursesOut)
def list_courses(db: SessionDep, user: ApiUser, upcoming: bool = False) -> dict[str, Any]:
    return {"courses": training.list_courses(db=db, upcoming_only=upcoming)}


@router.get("/api/training/courses/{course_id}/delegates", response_model=schemas.DelegatesOut,
            response_model_exclude_unset=True)
def delegates(course_id: DbId, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    course = training.get_course(db=db, course_id=course_id)
    return {"delegates": [{"name": b.user.name, "job_role": b.user.job_role, "district": b.user.district}
                          | _booking_json(db, b) for b in course.bookings]}


@router.post("/api/training/courses/{course_id}/bookings", status_code=201, response_model=schemas.BookingOut,
             response_model_exclude_unset=True)
def book(course_id: DbId, db: SessionDep, user: PractitionerApi) -> dict[str, Any]:
    booking = training.book(db=db, request=TrainingBookingRequest(course_id=course_id), user=user)
    return _booking_json(db, booking)


@router.get("/api/training/bookings/{reference}", response_model=schemas.BookingOut, response_model_exclude_unset=True)
def get_booking(reference: Reference, db: SessionDep, user: ApiUser) -> dict[str, Any]:
    return _booking_json(db, training.get_booking(db=db, reference=reference, actor=user))


@router.post("/api/training/bookings/{reference}/cancel", response_model=schemas.BookingChangedOut,
             response_model_exclude_unset=True)
def cancel(reference: Reference, db: SessionDep, user: ApiUser) -> dict[str, Any]:
    booking, promoted = training.cancel(db=db, reference=reference, actor=user)
    # Whoever took the place is another person: say that someone did, not who.
    return _booking_json(db, booking) | {"place_passed_on": promoted is not None}


@router.post("/api/training/bookings/{reference}/approval", response_model=schemas.BookingChangedOut,
             response_model_exclude_unset=True)
def approval(reference: Reference, body: DecisionBody, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    booking, promoted = training.decide(db=db, reference=reference, approve=body.approve, actor=user)
    return _booking_json(db, booking) | {"place_passed_on": promoted is not None}


@router.post("/api/training/bookings/{reference}/attendance", response_model=schemas.BookingOut,
             response_model_exclude_unset=True)
def training_attendance(reference: Reference, body: AttendanceBody, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    booking = training.get_booking(db=db, reference=reference, actor=user)
    training.record_attendance(db=db, booking=booking, session_id=body.session_id, status=body.status, actor=user)
    db.refresh(booking)
    return _booking_json(db, booking)


@router.post("/api/training/bookings/{reference}/feedback", status_code=201, response_model=schemas.TrainingFeedbackOut)
def feedback(reference: Reference, body: FeedbackBody, db: SessionDep, user: ApiUser) -> dict[str, Any]:
    booking = training.get_booking(db=db, reference=reference, actor=user)
    row = training.submit_feedback(db=db, booking=booking, user=user, confidence_before=body.confidence_before,
                                   confidence_after=body.confidence_after, usefulness=body.usefulness,
                                   comment=body.comment)
    return {"reference": booking.reference, "confidence_change": row.confidence_after - row.confidence_before}


@router.get("/api/supervision/groups", response_model=schemas.GroupsOut)
def groups(db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return {"groups": [g | {"next_session": g["next_session"].isoformat() if g["next_session"] else None}
                       for g in supervision.group_summaries(db=db)]}


def _group_json(group: SupervisionGroup) -> dict[str, Any]:
    return {
        "id": group.id, "name": group.name, "district": group.district,
        "supervisor": group.supervisor.name if group.supervisor else None, "supervisor_id": group.supervisor_id,
        "location": group.location, "weekday": WEEKDAYS[group.weekday], "week_of_month": group.week_of_month,
        "starts": group.starts.strftime("%H:%M"), "minutes": group.minutes,
        "members": [{"membership_id": m.id, "user_id": m.user_id, "name": m.user.name, "member_role": m.member_role,
                     "joined_on": m.joined_on.isoformat(), "left_on": m.left_on.isoformat() if m.left_on else None}
                    for m in group.memberships],
        "sessions": [{"id": s.id, "start": s.starts_at.isoformat(), "end": s.ends_at.isoformat(), "status": s.status.value,
                      "attendance": {str(a.user_id): a.status.value for a in s.attendance}} for s in group.sessions],
    }


@router.post("/api/supervision/groups", status_code=201, response_model=schemas.GroupOut)
def create_group(body: GroupBody, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    supervisor = supervision.find_supervisor(db=db, user_id=body.supervisor_id)
    group = supervision.create_group(
        db=db, name=body.name, district=body.district, supervisor=supervisor,
        weekday=WEEKDAYS.index(body.weekday) if body.weekday else None, week_of_month=body.week_of_month,
        starts=body.starts, minutes=body.minutes, location=body.location, actor=user, schedule=True)
    return _group_json(group)


@router.get("/api/supervision/groups/{group_id}", response_model=schemas.GroupOut)
def group_detail(group_id: DbId, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    return _group_json(supervision.get_group(db=db, group_id=group_id))


@router.patch("/api/supervision/groups/{group_id}", response_model=schemas.GroupOut)
def change_supervisor(group_id: DbId, body: SupervisorBody, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    group = supervision.get_group(db=db, group_id=group_id)
    supervisor = supervision.find_supervisor(db=db, user_id=body.supervisor_id)
    supervision.set_supervisor(db=db, group=group, supervisor=supervisor, actor=user)
    return _group_json(group)


@router.post("/api/supervision/sessions/{session_id}/attendance", response_model=schemas.MemberAttendanceOut)
def supervision_attendance(session_id: DbId, body: MemberAttendanceBody, db: SessionDep, user: ClinicianApi) -> dict[str, Any]:
    session = supervision.get_session(db=db, session_id=session_id)
    row = supervision.record_attendance(db=db, session=session, user_id=body.user_id, status=body.status, actor=user)
    return {"session_id": session.id, "user_id": row.user_id, "status": row.status.value}


@router.get("/api/supervision/me", response_model=schemas.MySupervisionOut)
def my_supervision(db: SessionDep, user: ApiUser) -> dict[str, Any]:
    return practitioner_summary(db=db, user=user)


class FiguresOut(BaseModel):
    """The period's supervision and training figures (api.md "Workforce")."""
    start: str
    end: str
    supervision_sessions: int
    supervision_sessions_cancelled: int
    supervision_attendance_pct: float | None
    supervision_attended: int
    supervision_apologies: int
    supervision_did_not_attend: int
    supervision_practitioners: int
    supervision_members_joined: int
    supervision_members_left: int
    training_courses: int
    training_delegates: int
    training_completed: int
    training_completion_pct: float | None
    training_did_not_attend: int
    training_cancelled: int
    training_waiting_list: int
    training_feedback_forms: int
    training_confidence_before_mean: float | None
    training_confidence_after_mean: float | None
    training_confidence_change: float | None
    training_usefulness_mean: float | None


@router.get("/api/workforce/figures", response_model=FiguresOut)
def figures(db: SessionDep, user: ManagerApi, start: Annotated[BoundedDate, Query()],
            end: Annotated[BoundedDate, Query()]) -> JSONResponse | dict[str, Any]:
    if end <= start:
        return JSONResponse({"detail": "end must be after start (the period is [start, end))"}, status_code=422)
    return {"start": start.isoformat(), "end": end.isoformat()} | workforce_figures(db=db, start=start, end=end)
