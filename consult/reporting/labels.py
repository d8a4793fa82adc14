"""Words for the codes stored in the database, for pages, charts and the CSV's readers."""
from __future__ import annotations

from consult.consultations import labels as words
from consult.profiles import active_profile

# The consultation pages' own words, so the log and the timeline say the same thing.
OUTCOMES = words.RECOMMENDATIONS
THRIVE = words.THRIVE
CHANNELS = words.CHANNELS
STATUSES = {"open": "Open (waiting or with a clinician)", **words.STATUSES}
BOOKING_STATUSES = {"attended": "Attended", "did_not_attend": "Did not attend", "cancelled": "Cancelled",
                    "booked": "Booked, not yet recorded"}


def organisation_types() -> dict[str, str]:
    return {code: source.label for code, source in active_profile().referral_sources.items()}


def label(kind: str, code: str | None) -> str:
    if code is None:
        return ""
    table = {"outcome": OUTCOMES, "thrive": THRIVE, "channel": CHANNELS, "status": STATUSES,
             "booking": BOOKING_STATUSES}.get(kind)
    if kind == "organisation_type":
        table = organisation_types()
    return (table or {}).get(code, code.replace("_", " ").capitalize())
