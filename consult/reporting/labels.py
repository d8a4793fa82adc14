"""Words for the codes stored in the database, for pages, charts and the CSV's readers."""
from __future__ import annotations

from consult.profiles import active_profile

OUTCOMES = {
    "pir_referral_advised": "Parent-infant relationship referral advised",
    "not_eligible_guidance": "Not eligible, guidance given",
    "universal_targeted_offer": "Universal or targeted offer",
    "perinatal_mental_health": "Perinatal mental health service",
    "safeguarding_route": "Safeguarding route",
    "other_service": "Other service",
}
THRIVE = {
    "thriving": "Thriving",
    "getting_advice": "Getting advice",
    "getting_help": "Getting help",
    "getting_more_help": "Getting more help",
    "getting_risk_support": "Getting risk support",
}
CHANNELS = {"web": "Web", "slack": "Slack", "phone": "Telephone", "video": "Video", "in_person": "In person"}
STATUSES = {"open": "Open (acknowledged or claimed)", "acknowledged": "Acknowledged", "claimed": "Claimed",
            "advised": "Advised", "closed": "Closed", "withdrawn": "Withdrawn"}
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
