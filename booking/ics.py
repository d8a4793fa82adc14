"""iCalendar invites for bookings (RFC 5545 / 5546).

One event per booking for its whole life: the UID never changes, SEQUENCE goes up with every
move and with cancellation, so a calendar updates or removes the one event it already holds.
New and moved bookings are METHOD:REQUEST; a cancellation is METHOD:CANCEL with
STATUS:CANCELLED. Times carry TZID=Europe/London with its VTIMEZONE included, so the event
lands at the right wall time on either side of a clock change. No family details, no phone.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from booking.models import Booking, BookingStatus
from booking.present import how, when
from consult import clock
from consult.profiles import Profile
from consult.settings import get_settings

if TYPE_CHECKING:
    from icalendar import vCalAddress

# icalendar is imported when an invite is made, not at start-up (issue 23).


def _address(email: str, name: str, **params: str) -> vCalAddress:
    from icalendar import vCalAddress, vText

    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.upper().replace("_", "-")] = vText(value)
    return address


def invite(*, profile: Profile, booking: Booking, manage_link: str | None = None) -> bytes:
    from icalendar import Calendar, Event

    cancelled = booking.status == BookingStatus.cancelled
    zone = ZoneInfo(profile.timezone)
    method = how(profile, booking, show_phone=False)

    calendar = Calendar()
    calendar.add("prodid", "-//PIMH Consult//Triage booking//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", booking.uid)
    event.add("sequence", booking.sequence)
    event.add("dtstamp", clock.now())
    event.add("dtstart", booking.starts_at.astimezone(zone))
    event.add("dtend", booking.ends_at.astimezone(zone))
    event.add("summary", f"{'Cancelled: ' if cancelled else ''}Triage discussion with {profile.service_short_name} ({method.label.lower()})")  # noqa: E501
    lines = [
        f"Reference {booking.reference}.",
        f"When: {when(profile, booking)}.",
        method.sentence,
    ]
    if cancelled:
        lines.insert(0, "This triage discussion has been cancelled.")
    elif manage_link:
        lines.append(f"To cancel or change the time: {manage_link}")
    event.add("description", "\n".join(lines))
    if method.location:
        event.add("location", method.location)
    elif method.video_link:
        event.add("location", method.video_link)
        event.add("url", method.video_link)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("organizer", _address(get_settings().smtp_from, profile.service_name))
    event.add(
        "attendee",
        _address(booking.practitioner_email, booking.practitioner_name, role="REQ-PARTICIPANT", partstat="ACCEPTED", rsvp="FALSE"),
    )
    calendar.add_component(event)
    # Only the years around the booking: enough for any client, and a file of 1 KB, not 20.
    calendar.add_missing_timezones(first_date=date(booking.starts_at.year - 1, 1, 1), last_date=date(booking.starts_at.year + 2, 1, 1))
    ical: bytes = calendar.to_ical()
    return ical
