"""Every booking is logged as a consultation (the commissioner counts consultations, however
they arrive): a booking makes a new consultation, claimed by the booked clinician, or joins an
open one the practitioner already has. The consultation domain owns that record; this module
only calls its service.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from booking.models import Booking
from booking.service import InvalidBooking
from consult.auth.models import Role, User
from consult.auth.service import add_user, find_user_by_email
from consult.consultations import service as consultations
from consult.consultations.errors import ConsultationError, InvalidInput
from consult.profiles import Profile

_CONTACT = {"phone": "phone", "video": "video", "in_person": "email"}
_FIELDS = {"question": "summary", "summary": "summary", "district": "practitioner.district", "callback_phone": "practitioner.phone"}


def _practitioner(db: Session, booking: Booking) -> User:
    if booking.user_id:
        user = db.get(User, booking.user_id)
        if user is not None:
            return user
    user = find_user_by_email(db=db, email=booking.practitioner_email)
    if user is None:
        # A practitioner who books without an account gets one without a password, so their
        # consultations and bookings are theirs to see once they sign in.
        user = add_user(
            db=db, name=booking.practitioner_name, email=booking.practitioner_email, role=Role.practitioner,
            job_role=booking.practitioner_role or None, organisation=booking.organisation or None,
            district=booking.district or None,
        )
    return user


def log_booking(*, db: Session, profile: Profile, booking: Booking) -> str:
    practitioner = _practitioner(db, booking)
    booking.user_id = practitioner.id  # their bookings are theirs to see once they sign in
    clinician = db.get(User, booking.clinician_id)
    try:
        if booking.consultation_reference:
            consultation = consultations.get_consultation(db=db, reference=booking.consultation_reference)
            if consultation.practitioner_id != practitioner.id or not consultation.is_open:
                raise InvalidBooking(
                    "That consultation is not an open request of yours; leave the reference empty to start a new one.",
                    code="consultation", field="consultation_reference",
                )
            if consultation.booking_reference is None:
                consultation.booking_reference = booking.reference
            consultations.add_event(db=db, consultation=consultation, kind="booked", actor=practitioner,
                                    detail=f"triage booking {booking.reference}")
        else:
            consultation = consultations.create_consultation(
                db=db, practitioner=practitioner, channel=booking.method, summary=booking.summary,
                district=booking.district, preferred_contact=_CONTACT[booking.method],
                callback_phone=booking.practitioner_phone, consent_confirmed=booking.consent_confirmed,
                booking_reference=booking.reference, actor=practitioner, send_notices=False,
            )
            if clinician is not None and consultation.status == "acknowledged":
                consultations.claim(db=db, consultation=consultation, clinician=clinician)
    except InvalidInput as exc:
        raise InvalidBooking(exc.message[:1].upper() + exc.message[1:] + ".", code="consultation",
                             field=_FIELDS.get(exc.field, exc.field)) from None
    except ConsultationError as exc:
        raise InvalidBooking(str(exc), code="consultation", field="consultation_reference") from None
    booking.consultation_reference = consultation.reference
    return consultation.reference
