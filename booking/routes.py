"""JSON API for triage booking. Thin: parse, call one service function, shape the reply.

Public (no account): slots, booking, and what the signed link allows (see, cancel, reschedule,
calendar file). Clinicians (bearer token) manage the rota, record attendance, and may cancel or
move any booking without the link and without the practitioners' cut-off.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from booking import ics, links, rota, schemas, service, shortfall, slots_answer
from booking.commands import BookingRequest, PractitionerDetails
from booking.models import Booking
from booking.service import Actor
from consult import clock
from consult.auth.models import Role, User
from consult.auth.service import user_for_token
from consult.core.calendar import add_closure
from consult.core.types import BoundedDate, Reference, text
from consult.deps import ClinicianApi, ManagerApi, ProfileDep, SessionDep, in_one_trip, optional_web_user
from consult.profiles import Profile
from consult.ratelimit import rate_limit

router = APIRouter(prefix="/api/triage", tags=["triage booking"])
_bearer = HTTPBearer(auto_error=False)
MAX_DAYS = 62


def _clinician_from_bearer(db: Session, credentials: HTTPAuthorizationCredentials | None) -> User | None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        return None
    user = user_for_token(db=db, token=credentials.credentials)
    return user if user is not None and user.has_role(Role.clinician) else None


def _authorised(
    db: Session, profile: Profile, reference: str, token: str | None, credentials: HTTPAuthorizationCredentials | None
) -> tuple[Booking, Actor]:
    """The signed link's holder acts as the practitioner; a clinician's bearer token needs no link."""
    clinician = _clinician_from_bearer(db, credentials)
    booking = service.get_booking(db=db, reference=reference)
    if clinician is not None:
        return booking, Actor("clinician", clinician.id)
    try:
        links.check_token(token, reference=booking.reference, profile=profile)
    except links.LinkExpired as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"{exc} Contact the team to change this booking.") from None
    except links.LinkInvalid as exc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, str(exc)) from None
    return booking, Actor("practitioner", booking.user_id)


Token = text(600) | None  # the signed link's token
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _signed_in(request: Request, db: Session, credentials: HTTPAuthorizationCredentials | None) -> User | None:
    """Who the booking request comes from: a bearer token's account, else the session cookie's, else nobody.
    A token that is sent but not valid is refused rather than treated as nobody."""
    if credentials is not None:
        user = user_for_token(db=db, token=credentials.credentials) if credentials.scheme.lower() == "bearer" else None
        if user is None:
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "That token is not valid or has been revoked.",
                                headers={"WWW-Authenticate": "Bearer"})
        return user
    return optional_web_user(request, db)


@router.get("/slots", response_model=schemas.SlotsOut)
async def slots(
    profile: ProfileDep,
    start: BoundedDate | None = None,
    days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 14,
    method: schemas.MethodName | None = None,
) -> Response:
    """Free slots from `start` (default today) for `days` days, ordered by start."""
    # The encoded answer is kept (booking/slots_answer.py); the model above still documents it.
    # One trip to the threadpool for the whole read, as /healthz: a SessionDep would add one to end it.
    first = start or clock.today_local()
    body = await in_one_trip(lambda db: slots_answer.slots_json(
        db=db, profile=profile, start=first, days=days, method=method, now=clock.now()))
    return Response(body, media_type="application/json")


@router.post("/bookings", status_code=201, dependencies=[Depends(rate_limit("booking", "30/minute"))],
             response_model=schemas.BookingOut, response_model_exclude_unset=True)
def create_booking(body: schemas.BookingIn, request: Request, db: SessionDep, profile: ProfileDep,
                   credentials: Credentials) -> dict[str, Any]:
    """Book a slot. 409 when it is no longer free; 422 for bad input or an email outside the allow-list;
    401 when the email belongs to an account and the request is not signed in as it; 403 for a
    clinician's or manager's account."""
    p = body.practitioner
    user = _signed_in(request, db, credentials)
    booking = service.book(db=db, profile=profile, user_id=user.id if user else None, request=BookingRequest(
        slot_id=body.slot_id, method=body.method,
        practitioner=PractitionerDetails(p.name, str(p.email), p.phone, p.role, p.organisation, p.district),
        summary=body.summary, consent_confirmed=body.consent_confirmed,
        consultation_reference=body.consultation_reference))
    return schemas.booking_out(booking, profile, token=links.make_token(booking.reference))


@router.get("/bookings/{reference}.ics", response_class=Response)
def booking_ics(reference: Reference, db: SessionDep, profile: ProfileDep, credentials: Credentials, token: Token = None) -> Response:  # type: ignore[valid-type]  # text() builds an Annotated type at run time
    """The calendar invite: REQUEST while booked or moved, CANCEL once cancelled."""
    booking, actor = _authorised(db, profile, reference, token, credentials)
    # The invite names the practitioner and their email address.
    service.audit_read(db=db, booking=booking, actor=actor, detail="calendar file downloaded")
    manage = links.manage_url(booking.reference, token) if token else None
    return Response(
        ics.invite(profile=profile, booking=booking, manage_link=manage),
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="triage-{booking.reference}.ics"'},
    )


@router.get("/bookings/{reference}", response_model=schemas.BookingOut, response_model_exclude_unset=True)
def get_booking(reference: Reference, db: SessionDep, profile: ProfileDep, credentials: Credentials, token: Token = None) -> dict[str, Any]:  # type: ignore[valid-type]  # text() builds an Annotated type at run time
    booking, _ = _authorised(db, profile, reference, token, credentials)
    names = rota.clinician_names(db=db, ids={booking.clinician_id})
    return schemas.booking_out(booking, profile, token=token, clinician=names.get(booking.clinician_id))


@router.post("/bookings/{reference}/cancel", dependencies=[Depends(rate_limit("booking", "30/minute"))],
             response_model=schemas.BookingOut, response_model_exclude_unset=True)
def cancel_booking(reference: Reference, db: SessionDep, profile: ProfileDep, credentials: Credentials,
                   token: Token = None) -> dict[str, Any]:  # type: ignore[valid-type]  # text() builds an Annotated type at run time
    """Cancel; the slot is free again at once."""
    booking, actor = _authorised(db, profile, reference, token, credentials)
    booking = service.cancel(db=db, profile=profile, reference=booking.reference, actor=actor)
    return schemas.booking_out(booking, profile, token=token)


@router.post("/bookings/{reference}/reschedule", dependencies=[Depends(rate_limit("booking", "30/minute"))],
             response_model=schemas.BookingOut, response_model_exclude_unset=True)
def reschedule_booking(
    reference: Reference, body: schemas.MoveIn, db: SessionDep, profile: ProfileDep, credentials: Credentials, token: Token = None,  # type: ignore[valid-type]  # text() builds an Annotated type at run time
) -> dict[str, Any]:
    """Move to another free slot (or, for a clinician, reassign to a colleague's slot) in one
    step: same reference and calendar UID, SEQUENCE + 1. 409 if the new slot is not free."""
    booking, actor = _authorised(db, profile, reference, token, credentials)
    booking = service.move(db=db, profile=profile, reference=booking.reference, slot_id=body.slot_id,
                           method=body.method, actor=actor)
    names = rota.clinician_names(db=db, ids={booking.clinician_id})
    return schemas.booking_out(booking, profile, token=token, clinician=names.get(booking.clinician_id))


@router.post("/bookings/{reference}/attendance", response_model=schemas.BookingOut, response_model_exclude_unset=True)
def attendance(reference: Reference, body: schemas.AttendanceIn, db: SessionDep, profile: ProfileDep, user: ClinicianApi) -> dict[str, Any]:
    """A clinician records that the practitioner attended or did not attend."""
    booking = service.record_attendance(db=db, profile=profile, reference=reference, outcome=body.outcome, clinician_id=user.id)
    return schemas.booking_out(booking, profile)


@router.get("/bookings", response_model=schemas.BookingsOut, response_model_exclude_unset=True)
def list_bookings(
    db: SessionDep, profile: ProfileDep, user: ClinicianApi,
    start: BoundedDate | None = None, days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 7, mine: bool = False,
) -> dict[str, Any]:
    """Bookings from `start` (default today) for `days` days; `mine=true` for the caller's own."""
    zone = ZoneInfo(profile.timezone)
    first = datetime.combine(start or clock.today_local(), time(0), zone)
    found = service.clinician_bookings(db=db, start=first, end=first + timedelta(days=days),
                                       clinician_id=user.id if mine else None)
    names = rota.clinician_names(db=db, ids={b.clinician_id for b in found})
    return {"bookings": [schemas.booking_out(b, profile, clinician=names.get(b.clinician_id)) for b in found]}


def _for_clinician(user: User, clinician_id: int | None) -> int:
    """Clinicians manage their own rota; managers and admins anyone's."""
    if clinician_id is None or clinician_id == user.id:
        return user.id
    if not user.has_role(Role.manager):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Only a manager can change another clinician's rota.")
    return clinician_id


@router.post("/availability", status_code=201, response_model=schemas.WeeklyRuleOut)
def add_rule(body: schemas.WeeklyRuleIn, db: SessionDep, profile: ProfileDep, user: ClinicianApi) -> dict[str, Any]:
    """A weekly triage window; slots appear only where it overlaps core hours or a session."""
    rule = rota.add_weekly_rule(
        db=db, profile=profile, clinician_id=_for_clinician(user, body.clinician_id), weekday=body.weekday,
        starts=body.starts, ends=body.ends, methods=tuple(body.methods), family_hub=body.family_hub,
        valid_from=body.valid_from, valid_until=body.valid_until,
    )
    return {"id": rule.id, "clinician_id": rule.clinician_id, "weekday": rule.weekday, "starts": rule.starts.isoformat(),
            "ends": rule.ends.isoformat(), "methods": rule.methods.split(","), "family_hub": rule.family_hub}


@router.post("/availability/exceptions", status_code=201, response_model=schemas.ExceptionOut)
def add_exception(body: schemas.ExceptionIn, db: SessionDep, profile: ProfileDep, user: ClinicianApi) -> dict[str, Any]:
    """Away (all day or a window) or an extra window on one day."""
    exception = rota.add_exception(
        db=db, profile=profile, clinician_id=_for_clinician(user, body.clinician_id), day=body.day, kind=body.kind,
        starts=body.starts, ends=body.ends, methods=tuple(body.methods), family_hub=body.family_hub, reason=body.reason,
    )
    return {"id": exception.id, "clinician_id": exception.clinician_id, "day": exception.day.isoformat(), "kind": exception.kind}


@router.post("/closures", status_code=201, response_model=schemas.ClosureOut)
def add_service_closure(body: schemas.ClosureIn, db: SessionDep, user: ManagerApi) -> dict[str, Any]:
    """A day the whole service is closed (a training day); bank holidays need no entry."""
    closure = add_closure(db=db, day=body.day, reason=body.reason)
    return {"day": closure.day.isoformat(), "reason": closure.reason}


@router.get("/shortfalls", response_model=schemas.ShortfallsOut)
def shortfalls(db: SessionDep, user: ManagerApi, days: Annotated[int, Query(ge=1, le=730)] = 90) -> dict[str, Any]:
    """Days on which no slot was free within the acknowledgement time limit."""
    rows = shortfall.recorded(db=db, since_days=days)
    return {"shortfalls": [
        {"day": r.day.isoformat(), "method": r.method, "occurrences": r.occurrences,
         "earliest_free_at": r.earliest_free_at.isoformat() if r.earliest_free_at else None}
        for r in rows
    ]}
