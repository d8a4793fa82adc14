"""Plain-English words for the referrals' codes, shared by the pages and the timeline."""
from __future__ import annotations

STATUSES = {
    "acknowledged": "Waiting for triage", "more_information": "More information needed", "eligible": "Eligible",
    "not_eligible": "Not eligible", "assessed": "Assessed", "in_intervention": "In intervention",
    "closed": "Closed", "withdrawn": "Withdrawn",
}
OUTCOMES = {"eligible": "Eligible", "not_eligible": "Not eligible", "more_information": "More information needed"}
EVENTS = {
    "received": "Received", "acknowledged": "Acknowledged", "triaged": "Triaged",
    "allocated": "Allocated", "assessed": "Assessed", "intervention_started": "Intervention started",
    "closed": "Closed", "withdrawn": "Withdrawn", "follow_up_call": "Follow-up call made",
}


def event_words(kind: str) -> str:
    """A timeline event's name; a kind added later without words still reads as words, not a code."""
    return EVENTS.get(kind, kind.replace("_", " ").capitalize())
