"""Words about a booking that every transport shows the same way: when, how, what to prepare."""
from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from booking.models import Booking
from consult.profiles import Profile

METHOD_LABELS = {"phone": "Phone call", "video": "Video call", "in_person": "In person at a Family Hub"}

WHAT_TO_PREPARE = (
    "A short outline of the situation and what you would like help with, without the family's name or other details that identify them.",
    "The baby's age (or weeks of pregnancy) and the district the family lives in.",
    "What you have noticed about the relationship between parent and baby, and what has been tried so far.",
    "Any screening scores you already have (for example PHQ-9, GAD-7 or MORS-SF).",
    "That the parent knows you are seeking advice, and whether they have agreed to a referral if one is needed.",
)


@dataclass(frozen=True)
class How:
    label: str
    sentence: str
    location: str | None = None
    video_link: str | None = None


def video_link(profile: Profile, booking: Booking) -> str:
    room = booking.uid.split("@", 1)[0].replace("-", "")[:20]
    return profile.booking.video_room_url.replace("{room}", room)


def hub_address(profile: Profile, name: str | None) -> str | None:
    for hub in profile.booking.family_hubs:
        if hub.name == name:
            return f"{hub.name}, {hub.address}"
    return name


def how(profile: Profile, booking: Booking, *, show_phone: bool = True) -> How:
    """`show_phone=False` for anything that may be forwarded (calendar files, emails)."""
    label = METHOD_LABELS[booking.method]
    if booking.method == "phone":
        number = f" on {booking.practitioner_phone}" if show_phone and booking.practitioner_phone else " on the number you gave"
        return How(label, f"The clinician will phone you{number} at the start time.")
    if booking.method == "video":
        link = video_link(profile, booking)
        return How(label, f"Join the video call at the start time: {link}", video_link=link)
    address = hub_address(profile, booking.family_hub)
    return How(label, f"Meet the clinician at {address}. Please arrive a few minutes early.", location=address)


def when(profile: Profile, booking: Booking) -> str:
    zone = ZoneInfo(profile.timezone)
    start, end = booking.starts_at.astimezone(zone), booking.ends_at.astimezone(zone)
    return f"{start:%A %-d %B %Y}, {start:%H:%M} to {end:%H:%M} (UK time)"
