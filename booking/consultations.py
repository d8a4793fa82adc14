"""Every booking is logged as a consultation (the commissioner counts consultations, however
they arrive): a booking makes a new consultation, claimed by the booked clinician, or joins an
open one the signed-in practitioner already has. The consultation domain owns that record; this
module only calls its service.

A booking made without an account (a new email; `booking.identity`) opens its consultation at
once under a stand-in person record: no name of anyone's, no email, no password, inactive, so
nobody can sign in as it and no later account inherits it by email. The consultation keeps the
name and address typed, for the clinicians and for its notices. It joins a real account only
through `join_account`, when someone signed in with that email follows the booking's signed link.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from booking.models import Booking
from booking.service import Actor, ChangeRefused, InvalidBooking
from consult.auth.models import Role, User
from consult.auth.service import add_user
from consult.consultations import bookings, people
from consult.consultations import service as consultations
from consult.consultations.commands import ConsultationRequest
from consult.consultations.errors import ConsultationError, InvalidInput, NotFound, WrongState
from consult.consultations.models import Consultation
from consult.core.transitions import conditional_update
from consult.privacy.audit import Action, record_event
from consult.profiles import Profile

_CONTACT = {"phone": "phone", "video": "video", "in_person": "email"}
_FIELDS = {"question": "summary", "summary": "summary", "district": "practitioner.district", "callback_phone": "practitioner.phone"}
# One answer for a reference that does not exist, is someone else's, or is closed, so references
# cannot be probed through the public booking form.
NO_SUCH_REQUEST = ("No open consultation request of yours has that reference. Check it, or leave it empty to "
                   "start a new request.")


def _practitioner(db: Session, booking: Booking) -> User:
    if booking.user_id:
        user = db.get(User, booking.user_id)
        if user is not None:
            return user
    # A stand-in, not an account (see the module's docstring). Its name is no one's: the person's
    # name and address are on the booking and the consultation, which subject access and erasure cover.
    stand_in = add_user(db=db, name=f"Booked without an account ({booking.reference})", email=None, role=Role.practitioner,
                        job_role=booking.practitioner_role or None, organisation=booking.organisation or None,
                        district=booking.district or None)
    stand_in.active = False
    return stand_in


def _join(db: Session, booking: Booking, practitioner: User) -> Consultation:
    try:
        consultation = consultations.get_consultation(db=db, reference=booking.consultation_reference or "")
    except NotFound:
        consultation = None
    if booking.user_id is None or consultation is None or consultation.practitioner_id != practitioner.id \
            or not consultation.is_open:
        raise InvalidBooking(NO_SUCH_REQUEST, code="consultation", field="consultation_reference")
    if consultation.booking_reference is None:
        consultation.booking_reference = booking.reference
    consultations.add_event(db=db, consultation=consultation, kind="booked", actor=practitioner,
                            detail=f"triage booking {booking.reference}")
    return consultation


def log_booking(*, db: Session, profile: Profile, booking: Booking) -> str:
    practitioner = _practitioner(db, booking)
    clinician = db.get(User, booking.clinician_id)
    try:
        if booking.consultation_reference:
            consultation = _join(db, booking, practitioner)
        else:
            request = ConsultationRequest(
                channel=booking.method, summary=booking.summary, district=booking.district,
                preferred_contact=_CONTACT[booking.method], callback_phone=booking.practitioner_phone,
                consent_confirmed=booking.consent_confirmed, booking_reference=booking.reference)
            consultation = consultations.create_consultation(db=db, practitioner=practitioner, request=request,
                                                             actor=practitioner, send_notices=False)
            if booking.user_id is None:  # the stand-in's consultation: the person as they gave themselves
                consultation.practitioner_name = booking.practitioner_name
                consultation.practitioner_email = booking.practitioner_email  # where its notices go
            if clinician is not None and consultation.status == "acknowledged":
                consultations.claim(db=db, consultation=consultation, clinician=clinician)
    except InvalidInput as exc:
        raise InvalidBooking(exc.message[:1].upper() + exc.message[1:].rstrip(".") + ".", code="consultation",
                             field=_FIELDS.get(exc.field, exc.field)) from None
    except ConsultationError as exc:
        raise InvalidBooking(str(exc), code="consultation", field="consultation_reference") from None
    booking.consultation_reference = consultation.reference
    return consultation.reference


def join_account(*, db: Session, booking: Booking, user: User) -> bool:
    """The booking's signed link was followed by someone signed in: if their account has the
    booking's email and the booking stands on its own, it and its consultation become theirs.
    True if they joined now. Conditional updates, so two tabs at once join it once."""
    if booking.user_id is not None or not user.active or user.role != Role.practitioner:
        return False
    if not user.email or user.email != booking.practitioner_email:
        return False
    if not conditional_update(db, booking, Booking.user_id.is_(None), user_id=user.id):
        return False
    if booking.consultation_reference:
        try:
            consultation = consultations.get_consultation(db=db, reference=booking.consultation_reference)
        except NotFound:
            consultation = None
        if consultation is not None:
            people.join_account(db=db, consultation=consultation, account=user)
    record_event(db=db, actor=user, action=Action.update, record=booking.reference,
                 detail="booking joined the practitioner's account through its emailed link")
    return True


def _consultation(db: Session, booking: Booking) -> Consultation | None:
    if not booking.consultation_reference:
        return None
    try:
        return consultations.get_consultation(db=db, reference=booking.consultation_reference)
    except NotFound:
        return None  # purged or erased: nothing left to settle


def ends_with_booking(*, db: Session, booking: Booking) -> bool:
    """Whether cancelling the booking would withdraw its consultation (what the confirm page says)."""
    consultation = _consultation(db, booking)
    return consultation is not None and consultation.is_open and bookings.opened_by(db, consultation, booking.reference)


def _acting(db: Session, booking: Booking, actor: Actor, consultation: Consultation) -> User | None:
    """Who the consultation's timeline names: the clinician, or the practitioner the signed link is
    for (their account, or the booking's stand-in that holds the consultation)."""
    if actor.kind == "system":
        return None
    user_id = actor.user_id or booking.user_id or (consultation.practitioner_id if actor.kind == "practitioner" else None)
    return db.get(User, user_id) if user_id else None


def _refused(db: Session, exc: WrongState) -> ChangeRefused:
    db.rollback()  # the booking's own change goes too: the two stay in step
    return ChangeRefused(f"Its consultation changed at the same moment ({exc}); reload the booking and try again.",
                         code="conflict")


def settle_cancelled(*, db: Session, booking: Booking, actor: Actor) -> None:
    """The booking was cancelled: the consultation it opened is withdrawn (or closed, when a
    clinician cancelled), in the same transaction (`consult.consultations.bookings`)."""
    consultation = _consultation(db, booking)
    if consultation is None:
        return
    try:
        bookings.settle_cancelled_booking(db=db, consultation=consultation, booking_reference=booking.reference,
                                          actor=_acting(db, booking, actor, consultation),
                                          by_clinician=actor.is_clinician)
    except WrongState as exc:
        raise _refused(db, exc) from None


def follow_move(*, db: Session, booking: Booking, actor: Actor, from_clinician_id: int) -> None:
    """The booking moved to another clinician's slot: the consultation's claim moves with it."""
    consultation = _consultation(db, booking)
    to = db.get(User, booking.clinician_id)
    if consultation is None or to is None:
        return
    try:
        bookings.follow_moved_booking(db=db, consultation=consultation, booking_reference=booking.reference,
                                      from_clinician_id=from_clinician_id, to=to,
                                      actor=_acting(db, booking, actor, consultation))
    except WrongState as exc:
        raise _refused(db, exc) from None
