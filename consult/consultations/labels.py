"""Plain-English words for codes, shared by pages, messages and the Slack views."""
from __future__ import annotations

CONCERNS = {
    "not_bonding": "Parent is not bonding with the baby",
    "no_positive_relationship": "No positive, responsive relationship yet",
    "own_parent_relationship": "Parent's own experience of being parented",
    "negative_thoughts": "Negative thoughts or feelings about the baby",
    "trauma": "Trauma (birth, loss or earlier experiences)",
    "additional_difficulties": "Additional difficulties (mental health, isolation, learning needs)",
    "infant_distress_signs": "Signs of distress in the infant",
}
RECOMMENDATIONS = {
    "pir_referral_advised": "Referral for parent-infant relationship intervention advised",
    "not_eligible_guidance": "Not eligible: guidance given",
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
CHANNELS = {"web": "Web form", "slack": "Slack", "phone": "Telephone", "video": "Video call", "in_person": "In person"}
CONTACTS = {"chat": "Reply here or in Slack", "phone": "Telephone call-back", "video": "Video call", "email": "Email"}
STATUSES = {"acknowledged": "Waiting for a clinician", "claimed": "With a clinician", "advised": "Advice given",
            "closed": "Closed", "withdrawn": "Withdrawn"}
STATES = {"on_track": "On track", "due_soon": "Due soon", "overdue": "Overdue", "done": ""}
EVENTS = {"received": "Request received", "acknowledged": "Acknowledged", "offered": "Offered to the duty clinician",
          "claimed": "Claimed", "handed_over": "Handed over", "advised": "Advice and guidance recorded",
          "call_logged": "Consultation held and logged", "closed": "Closed", "withdrawn": "Withdrawn",
          "feedback": "Feedback from the practitioner", "escalated_due_soon": "Reminder: due soon",
          "escalated_overdue": "Escalated: overdue", "booked": "Triage booking made",
          "booking_cancelled": "Triage booking cancelled", "booking_moved": "Triage booking moved"}


def outcome_words(recommendation: str | None, thrive: str | None) -> str:
    """"Universal or targeted offer (THRIVE: Getting advice)": the advice's outcome as the timeline says it."""
    words = RECOMMENDATIONS.get(recommendation or "", (recommendation or "").replace("_", " "))
    level = THRIVE.get(thrive or "", (thrive or "").replace("_", " "))
    return f"{words} (THRIVE: {level})" if level else words
