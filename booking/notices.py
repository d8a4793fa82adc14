"""Messages about bookings, queued to go out only once the booking's transaction commits.

The practitioner's own email gets the details and the signed link to manage the booking; the
clinician is told the time, method and reference. Neither carries the case summary.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from booking import links
from booking.models import Booking
from booking.present import how, when
from consult.auth.models import User
from consult.notify import Notice, Recipient, queue
from consult.profiles import Profile


def _practitioner(booking: Booking) -> Recipient:
    return Recipient(name=booking.practitioner_name, email=booking.practitioner_email, user_id=booking.user_id)


def _to_practitioner(db: Session, profile: Profile, booking: Booking, kind: str, subject: str, opening: str) -> None:
    manage = links.manage_url(booking.reference, links.make_token(booking.reference))
    text = "\n".join([
        opening,
        f"Reference: {booking.reference}",
        f"When: {when(profile, booking)}",
        f"How: {how(profile, booking).sentence}",
    ])
    queue(db, Notice(kind=kind, subject=subject, text=text, recipient=_practitioner(booking),
                     reference=booking.reference, link=manage, data={"starts_at": booking.starts_at.isoformat()}))


def _to_clinician(db: Session, profile: Profile, booking: Booking, kind: str, subject: str) -> None:
    clinician = db.get(User, booking.clinician_id)
    if clinician is None:
        return
    text = f"{subject}: {booking.reference}, {when(profile, booking)}, {how(profile, booking, show_phone=False).label.lower()}."
    queue(db, Notice(kind=kind, subject=subject, text=text, recipient=Recipient.for_user(clinician),
                     reference=booking.reference, data={"starts_at": booking.starts_at.isoformat()}))


def confirmation(*, db: Session, profile: Profile, booking: Booking) -> None:
    _to_practitioner(db, profile, booking, "booking_confirmation", f"Triage booked: {when(profile, booking)}",
                     f"Your triage discussion with {profile.service_short_name} is booked.")
    _to_clinician(db, profile, booking, "booking_new", "New triage booking")


def moved(*, db: Session, profile: Profile, booking: Booking) -> None:
    _to_practitioner(db, profile, booking, "booking_moved", f"Triage moved: {when(profile, booking)}",
                     "Your triage discussion has moved. This replaces the earlier time.")
    _to_clinician(db, profile, booking, "booking_moved", "Triage booking moved to you")


def cancellation(*, db: Session, profile: Profile, booking: Booking) -> None:
    _to_practitioner(db, profile, booking, "booking_cancelled", "Triage booking cancelled",
                     "Your triage discussion has been cancelled.")
    _to_clinician(db, profile, booking, "booking_cancelled", "Triage booking cancelled")


def reminder(*, db: Session, profile: Profile, booking: Booking) -> None:
    _to_practitioner(db, profile, booking, "booking_reminder", f"Reminder: triage {when(profile, booking)}",
                     f"A reminder of your triage discussion with {profile.service_short_name}.")
