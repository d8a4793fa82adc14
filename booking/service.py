"""Booking a triage slot, and every later change: cancel, reschedule or reassign, attendance.

Each change goes through one guard (`check_slot` for a slot, `_change` for a state change), so
the web form, the JSON API and the Slack bot get the same checks. The database has the last
word on double bookings: a partial unique index over active bookings, so when two requests
race for one slot the second insert or move fails and that caller is told the slot has gone.
"""
from __future__ import annotations

import uuid
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import structlog
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from booking import rota, slot_cache
from booking.commands import BookingRequest, PractitionerDetails
from booking.models import Booking, BookingEvent, BookingStatus
from booking.rules import change_problem, email_domain_allowed, who_may_book
from booking.slots import Slot, earliest_bookable, latest_bookable, parse_slot_id, unbooked, why_not_bookable
from consult import clock
from consult.auth.models import User
from consult.consultations.commands import SUMMARY_MAX, SUMMARY_MIN  # a booking becomes a consultation request
from consult.consultations.privacy import identifying_problem
from consult.core import errors
from consult.core.references import random_reference
from consult.core.transitions import conditional_update
from consult.db import get_or_raise
from consult.privacy.audit import Action, record_event, record_events
from consult.profiles import Profile

log = structlog.get_logger(__name__)


class BookingError(errors.DomainError):
    """Booking's names for the core error kinds (`consult.core.errors`)."""

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        errors.DomainError.__init__(self, message, code=code, field=field)


class InvalidBooking(BookingError, errors.Invalid):
    """The request itself is wrong (422): fix the named field and send it again."""


class SlotUnavailable(BookingError, errors.Conflict):
    """The slot cannot be booked now (409): it is taken, past, too soon, or no longer offered."""


class ChangeRefused(BookingError, errors.Conflict):
    """The booking's state or the cut-off forbids this change (409)."""


class BookingNotFound(BookingError, errors.NotFound):
    pass


@dataclass(frozen=True)
class Actor:
    """Who asks for a change: the practitioner holding the signed link, or a clinician."""

    kind: str  # "practitioner" | "clinician" | "system"
    user_id: int | None = None

    @property
    def is_clinician(self) -> bool:
        return self.kind == "clinician"

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.user_id}" if self.user_id else self.kind


PRACTITIONER = Actor("practitioner")

_SLOT_MESSAGES = {
    "no_such_slot": "That time is not offered: it may be outside the rota, on a closure day, or the link was altered.",
    "too_soon": "That time is too soon to book: slots must be booked at least {notice} hours ahead.",
    "too_far": "That time is too far ahead: slots can be booked up to {horizon} days ahead.",
    "method_not_offered": "That time is not offered {method}; choose another method or another time.",
    "taken": "Sorry, someone else has just booked that time. Please choose another.",
}


# -- reading ---------------------------------------------------------------------------------
def list_free_slots(*, db: Session, profile: Profile, start: date, days: int, method: str | None = None) -> list[Slot]:
    """Free, bookable slots on the local days [start, start + days), ordered by start."""
    now = clock.now()

    def work_out() -> tuple[Profile, tuple[Slot, ...], tuple[datetime, ...]]:
        slots = rota.all_slots(db=db, profile=profile, start=start, days=days)
        if not slots:
            return profile, (), ()
        busy = rota.taken(db=db, start=slots[0].start, end=slots[-1].end)
        open_ = tuple(unbooked(slots, taken=busy, method=method))
        return profile, open_, tuple(s.start for s in open_)

    # The slots nobody holds are kept until the rota or a booking changes, as the slots and bookings
    # they come from are; only the clock's bounds are applied on each request, by bisection: the
    # slots are in start order (slots.generate_slots), so the bounds only cut the front and the back.
    # free_slots' answer, without a pass over the horizon's slots on every visit to /book (issue 23).
    kept_for, open_, starts = slot_cache.remembered(db, slot_cache.BOTH, ("unbooked", id(profile), start, days, method),
                                                    work_out)
    if kept_for is not profile:  # kept with its profile: a test's altered copy never gets another's
        _, open_, starts = work_out()
    first = bisect_left(starts, earliest_bookable(profile, now))
    return list(open_[first:bisect_left(starts, latest_bookable(profile, now), lo=first)])


def get_booking(*, db: Session, reference: str) -> Booking:
    missing = BookingNotFound("No booking has that reference.", code="not_found")
    return get_or_raise(db, Booking, missing, reference=reference.strip().upper())


def clinician_bookings(*, db: Session, start: datetime, end: datetime, clinician_id: int | None = None) -> list[Booking]:
    """Bookings in [start, end). Not audited: the JSON list shows times, methods and states only;
    a list that shows the practitioners' contact details uses `clinic_list`."""
    query = select(Booking).where(Booking.starts_at >= start, Booking.starts_at < end).order_by(Booking.starts_at)
    if clinician_id is not None:
        query = query.where(Booking.clinician_id == clinician_id)
    return list(db.scalars(query))


def clinic_list(*, db: Session, viewer: User, start: datetime, end: datetime, clinician_id: int | None = None) -> list[Booking]:
    """The clinicians' list, which shows each practitioner's name and phone number: every booking
    shown is an audited read, so the log can say who saw whose contact details."""
    found = clinician_bookings(db=db, start=start, end=end, clinician_id=clinician_id)
    if found:
        record_events(db=db, actor=viewer, action=Action.read, records=[b.reference for b in found],
                      detail="shown on the clinic list")
    return found


def audit_read(*, db: Session, booking: Booking, actor: Actor, detail: str) -> None:
    """A clinician read the practitioner's contact details (e.g. in the calendar file). The practitioner
    holding their own signed link is not audited: it is their own booking, as for referrals."""
    if actor.is_clinician:
        _audit(db, booking, Action.read, actor, detail)


def events(*, db: Session, booking_id: int) -> list[BookingEvent]:
    return list(db.scalars(select(BookingEvent).where(BookingEvent.booking_id == booking_id).order_by(BookingEvent.id)))


# -- the guard -------------------------------------------------------------------------------
def check_slot(*, db: Session, profile: Profile, slot_id: str, method: str, ignore_booking: int | None = None) -> Slot:
    """Regenerate the slot from the rota and closures and re-check every limit now."""
    if parse_slot_id(slot_id) is None:
        raise InvalidBooking("That is not a slot id; choose a time from the list of free slots.", code="slot_id", field="slot_id")
    slot = rota.find_slot(db=db, profile=profile, slot_id=slot_id)
    holder = None
    if slot is not None:
        holder = db.scalar(
            select(Booking.id).where(
                Booking.clinician_id == slot.clinician_id, Booking.starts_at == slot.start,
                Booking.status != BookingStatus.cancelled,
            )
        )
    problem = why_not_bookable(
        slot, method=method, profile=profile, now=clock.now(), taken=holder is not None and holder != ignore_booking
    )
    if problem:
        message = _SLOT_MESSAGES[problem].format(
            notice=profile.booking.minimum_notice_hours, horizon=profile.booking.horizon_days,
            method=method.replace("_", " ") if method != "in_person" else "in person",
        )
        raise SlotUnavailable(message, code=problem, field="slot_id")
    assert slot is not None
    return slot


def _validate(*, profile: Profile, method: str, practitioner: PractitionerDetails, summary: str, consent_confirmed: bool) -> None:
    if not email_domain_allowed(practitioner.email, profile.booking.allowed_email_domains):
        raise InvalidBooking(who_may_book(profile.booking.allowed_email_domains), code="email_domain", field="practitioner.email")
    if practitioner.district not in profile.districts:
        raise InvalidBooking(
            f"Choose the district you work in; this service covers {', '.join(profile.districts)}.",
            code="district", field="practitioner.district",
        )
    if method == "phone" and not practitioner.phone:
        raise InvalidBooking("Give a phone number the clinician can call you on.", code="phone_missing", field="practitioner.phone")
    if not consent_confirmed:
        raise InvalidBooking(
            "Confirm that the family knows you are discussing their situation with the service.",
            code="consent_missing", field="consent_confirmed",
        )
    if not SUMMARY_MIN <= len(summary.strip()) <= SUMMARY_MAX:
        raise InvalidBooking(
            f"Describe what you would like to discuss in {SUMMARY_MIN} to {SUMMARY_MAX} characters.",
            code="summary_length", field="summary",
        )
    if problem := identifying_problem(summary):  # the consultation's own words: one rule everywhere
        raise InvalidBooking(problem, code="summary_identifiable", field="summary")


def new_reference(db: Session) -> str:
    return random_reference(
        "TB-", taken=lambda code: db.scalar(select(Booking.id).where(Booking.reference == code)) is not None)


def _record(db: Session, booking: Booking, action: str, actor: Actor, detail: str = "") -> None:
    db.add(BookingEvent(booking_id=booking.id, action=action, actor=actor.label, detail=detail[:200]))


# Who the audit log names when no account acted: a signed link's holder acts for the booking's practitioner.
_ACTOR_LABELS = {"practitioner": "practitioner (signed link)", "system": "system"}


def _audit(db: Session, booking: Booking, action: Action, actor: Actor, detail: str) -> None:
    """The booking's audit event. Details are fixed words (the timeline's hold times and slot ids)."""
    user_id = actor.user_id or (booking.user_id if actor.kind == "practitioner" else None)
    who = db.get(User, user_id) if user_id else None
    record_event(db=db, actor=who or _ACTOR_LABELS.get(actor.kind, actor.kind), action=action,
                 record=booking.reference, detail=detail)


def _flush_or_taken(db: Session) -> None:
    try:
        db.flush()
    except IntegrityError:
        # The partial unique index refused a second active booking for the slot.
        db.rollback()
        raise SlotUnavailable(_SLOT_MESSAGES["taken"], code="taken", field="slot_id") from None


# -- booking ---------------------------------------------------------------------------------
def book(*, db: Session, profile: Profile, request: BookingRequest, user_id: int | None = None) -> Booking:
    """`user_id` is the account the request came signed in as (session, bearer token, Slack), or None."""
    from booking.identity import who_books  # late: it builds on this module's errors

    slot_id, method, summary = request.slot_id, request.method, request.summary
    consultation_reference = request.consultation_reference
    _validate(profile=profile, method=method, practitioner=request.practitioner, summary=summary,
              consent_confirmed=request.consent_confirmed)
    # Before anything is stored: an account's email needs its sign-in (booking.identity).
    practitioner, user_id = who_books(db=db, details=request.practitioner, user_id=user_id)
    slot = check_slot(db=db, profile=profile, slot_id=slot_id, method=method)
    now = clock.now()
    booking = Booking(
        reference=new_reference(db), uid=f"{uuid.uuid4()}@pimh-consult", sequence=0,
        clinician_id=slot.clinician_id, starts_at=slot.start, ends_at=slot.end, method=method,
        family_hub=slot.family_hub if method == "in_person" else None, status=BookingStatus.booked,
        user_id=user_id, practitioner_name=practitioner.name, practitioner_email=practitioner.email.lower(),
        practitioner_phone=practitioner.phone or None, practitioner_role=practitioner.role,
        organisation=practitioner.organisation, district=practitioner.district, summary=summary,
        consent_confirmed=True, consultation_reference=consultation_reference, created_at=now, updated_at=now,
    )
    db.add(booking)
    _flush_or_taken(db)
    _record(db, booking, "booked", Actor("practitioner", user_id), f"slot {slot.id} {method}")
    from booking import consultations, notices  # late: both reach into other packages

    try:
        consultations.log_booking(db=db, profile=profile, booking=booking)
    except BookingError:
        db.rollback()  # no booking without its consultation record
        raise
    # After log_booking, which opens (or joins) the booking's consultation.
    _audit(db, booking, Action.create, Actor("practitioner", booking.user_id), f"{method.replace('_', ' ')} booking made")
    notices.confirmation(db=db, profile=profile, booking=booking)
    log.info("booking_made", reference=booking.reference, slot=slot.id, method=method)
    return booking


def _change(db: Session, booking: Booking, values: dict[str, Any], *, bump_sequence: bool) -> None:
    """Apply a change only if nobody changed the booking since we read it (optimistic lock on
    status and sequence), so a cancel racing a reschedule cannot both succeed."""
    if bump_sequence:
        values["sequence"] = Booking.sequence + 1
    values["updated_at"] = clock.now()
    if not conditional_update(db, booking, Booking.status == booking.status, Booking.sequence == booking.sequence,
                              **values):
        db.rollback()
        raise ChangeRefused("This booking was changed at the same moment; reload it and try again.", code="conflict")
    db.refresh(booking)


def _refuse_unless_allowed(profile: Profile, booking: Booking, action: str, actor: Actor) -> None:
    problem = change_problem(
        status=booking.status, action=action, by_clinician=actor.is_clinician, starts_at=booking.starts_at,
        now=clock.now(), cutoff_hours=profile.booking.practitioner_cancel_cutoff_hours,
    )
    if problem:
        raise ChangeRefused(problem, code="not_allowed")


def cancel(*, db: Session, profile: Profile, reference: str, actor: Actor = PRACTITIONER) -> Booking:
    booking = get_booking(db=db, reference=reference)
    _refuse_unless_allowed(profile, booking, "cancel", actor)
    _change(db, booking, {"status": BookingStatus.cancelled, "cancelled_at": clock.now()}, bump_sequence=True)
    _record(db, booking, "cancelled", actor)
    _audit(db, booking, Action.update, actor, "cancelled")
    from booking import consultations, notices  # late: both reach into other packages

    consultations.settle_cancelled(db=db, booking=booking, actor=actor)

    notices.cancellation(db=db, profile=profile, booking=booking)
    log.info("booking_cancelled", reference=booking.reference, actor=actor.kind)
    return booking


def move(
    *, db: Session, profile: Profile, reference: str, slot_id: str, method: str | None = None, actor: Actor = PRACTITIONER,
) -> Booking:
    """Reschedule (a new time) or reassign (another clinician at the same time) in one step:
    the same booking, reference and calendar UID, SEQUENCE + 1; if the new slot is taken the
    booking stays exactly as it was."""
    booking = get_booking(db=db, reference=reference)
    _refuse_unless_allowed(profile, booking, "move", actor)
    method = method or booking.method
    slot = check_slot(db=db, profile=profile, slot_id=slot_id, method=method, ignore_booking=booking.id)
    before, before_clinician = booking.starts_at, booking.clinician_id
    values = {
        "clinician_id": slot.clinician_id, "starts_at": slot.start, "ends_at": slot.end, "method": method,
        "family_hub": slot.family_hub if method == "in_person" else None, "reminder_sent_at": None,
    }
    if method == "phone" and not booking.practitioner_phone:
        raise InvalidBooking("A phone discussion needs a phone number; book again with one.", code="phone_missing", field="method")
    try:
        _change(db, booking, values, bump_sequence=True)
    except IntegrityError:
        db.rollback()
        raise SlotUnavailable(_SLOT_MESSAGES["taken"], code="taken", field="slot_id") from None
    _record(db, booking, "moved", actor, f"from {before:%Y-%m-%dT%H:%MZ} to slot {slot.id} {method}")
    _audit(db, booking, Action.update, actor, "rescheduled" if booking.starts_at != before else
           "reassigned" if booking.clinician_id != before_clinician else "method changed")
    from booking import consultations, notices  # late: both reach into other packages

    consultations.follow_move(db=db, booking=booking, actor=actor, from_clinician_id=before_clinician)

    notices.moved(db=db, profile=profile, booking=booking)
    log.info("booking_moved", reference=booking.reference, slot=slot.id, actor=actor.kind)
    return booking


def record_attendance(*, db: Session, profile: Profile, reference: str, outcome: str, clinician_id: int) -> Booking:
    if outcome not in (BookingStatus.attended.value, BookingStatus.did_not_attend.value):
        raise InvalidBooking("outcome must be 'attended' or 'did_not_attend'.", code="outcome", field="outcome")
    booking = get_booking(db=db, reference=reference)
    actor = Actor("clinician", clinician_id)
    _refuse_unless_allowed(profile, booking, outcome, actor)
    _change(
        db, booking,
        {"status": BookingStatus(outcome), "attendance_recorded_at": clock.now(), "attendance_recorded_by": clinician_id},
        bump_sequence=False,
    )
    _record(db, booking, outcome, actor)
    _audit(db, booking, Action.update, actor, f"attendance: {outcome.replace('_', ' ')}")
    log.info("booking_attendance", reference=booking.reference, outcome=outcome)
    return booking


def due_for_reminder(*, db: Session, until: datetime) -> list[Booking]:
    return list(db.scalars(
        select(Booking).where(
            Booking.status == BookingStatus.booked, Booking.reminder_sent_at.is_(None),
            Booking.starts_at > clock.now(), Booking.starts_at < until,
        ).order_by(Booking.starts_at)
    ))


def mark_reminded(*, db: Session, booking: Booking) -> bool:
    """True if this call claimed the reminder (a second worker or a rerun gets False)."""
    result = db.execute(
        update(Booking).where(Booking.id == booking.id, Booking.reminder_sent_at.is_(None))
        .values(reminder_sent_at=clock.now()).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    record_event(db=db, actor="reminder job", action=Action.update, record=booking.reference, detail="reminder sent")
    return True

