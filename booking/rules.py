"""Booking rules as pure functions: who may book, and which changes of state are allowed when."""
from __future__ import annotations

from datetime import datetime, timedelta

from booking.models import BookingStatus


def email_domain_allowed(email: str, allowed: tuple[str, ...]) -> bool:
    """The address's domain is an allowed domain or a subdomain of one (x.nhs.net for nhs.net)."""
    if email.count("@") != 1:
        return False
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in allowed)


def who_may_book(allowed: tuple[str, ...]) -> str:
    listed = ", ".join(f"@{d}" for d in allowed)
    return (
        "Triage slots are for professionals in the Family Hub workforce. Book with your work email "
        f"address: it must end in one of {listed} (or a subdomain of one)."
    )


def change_problem(
    *,
    status: BookingStatus,
    action: str,
    by_clinician: bool,
    starts_at: datetime,
    now: datetime,
    cutoff_hours: int,
) -> str | None:
    """None when `action` (cancel, move, attended, did_not_attend) is allowed; else why not.

    Practitioners may cancel or move only before their cut-off; clinicians may do so until the
    discussion starts. Attendance is recorded by clinicians once the slot has begun, and may be
    corrected from one outcome to the other."""
    if action in ("cancel", "move"):
        if status != BookingStatus.booked:
            return f"This booking is {status.value.replace('_', ' ')} and can no longer be changed."
        if starts_at <= now:
            return "This discussion has already started or taken place."
        if not by_clinician and starts_at - now < timedelta(hours=cutoff_hours):
            return (
                f"Bookings can be changed online until {cutoff_hours} hours before they start. "
                "Please contact the team instead."
            )
        return None
    if action in (BookingStatus.attended.value, BookingStatus.did_not_attend.value):
        if not by_clinician:
            return "Only a clinician can record attendance."
        if status == BookingStatus.cancelled:
            return "This booking was cancelled."
        if starts_at > now:
            return "Attendance can be recorded once the discussion's start time has passed."
        return None
    return f"Unknown action {action!r}."
