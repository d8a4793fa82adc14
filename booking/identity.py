"""Whose booking this is: nobody books under another person's email.

- An email that belongs to an account needs that account's sign-in (a session cookie, a bearer
  token, or Slack): without it, 401 and nothing is stored.
- A signed-in practitioner's booking is theirs, whatever email was typed: it is made with the
  account's own address, so the confirmation and the consultation go to them.
- A clinician's or manager's account is never the practitioner of a booking or a consultation
  (403), signed in or not.
- A new email's booking stands on its own: it holds its slot and opens its own consultation at
  once, creates no account and joins no request; it joins an account only when someone signed in
  with that email follows the emailed link (`booking.consultations.join_account`).
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from booking.commands import PractitionerDetails
from booking.service import BookingError
from consult.auth.models import Role, User
from consult.auth.service import find_user_by_email
from consult.core import errors


class SignInNeeded(BookingError, errors.NotSignedIn):
    """The email belongs to an account, and the request did not come signed in as it (401)."""


class NotAPractitioner(BookingError, errors.NotAllowed):
    """A clinician's or manager's account cannot be a booking's practitioner (403)."""


SIGN_IN = ("An account already uses this email address. Sign in to PIMH Consult (or send your API token) and "
           "book again, so the booking joins your own requests. Nothing has been booked.")
STAFF = ("Clinicians and managers cannot book a triage discussion as the practitioner. Book with the "
         "practitioner's own sign-in, or log the consultation for them.")


def who_books(*, db: Session, details: PractitionerDetails, user_id: int | None) -> tuple[PractitionerDetails, int | None]:
    """(the details to store, the account the booking belongs to or None), or a refusal."""
    email = details.email.strip().lower()
    if user_id is not None:
        user = db.get(User, user_id)
        if user is None or not user.active:
            raise SignInNeeded("Your sign-in has ended; sign in again and book.", code="sign_in", field="practitioner.email")
        if user.role.at_least(Role.clinician):
            raise NotAPractitioner(STAFF, code="not_practitioner", field="practitioner.email")
        if user.email:
            return replace(details, email=user.email), user.id
        owner = find_user_by_email(db=db, email=email)
        if owner is not None and owner.id != user.id:
            raise NotAPractitioner("That email address belongs to another account; book with your own.",
                                   code="not_yours", field="practitioner.email")
        return details, user.id
    if find_user_by_email(db=db, email=email) is not None:
        raise SignInNeeded(SIGN_IN, code="sign_in", field="practitioner.email")
    return details, None
