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
from booking.service import InvalidBooking
from consult.auth.models import Role, User
from consult.auth.service import add_user
from consult.consultations import people
from consult.consultations import service as consultations
from consult.consultations.commands import ConsultationRequest
from consult.consultations.errors import ConsultationError, InvalidInput, NotFound
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
        raise InvalidBooking(exc.message[:1].upper() + exc.message[1:] + ".", code="consultation",
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
