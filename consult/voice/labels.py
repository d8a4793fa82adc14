"""Words for the codes, shared by the pages and the report section."""
from __future__ import annotations

from consult.consultations.labels import STATES  # due soon / overdue, as the clinicians' queue says them

SOURCES = {"practitioner": "A practitioner", "parent": "A parent", "carer": "A carer", "other": "Someone else"}
STATUSES = {"received": "Waiting to be acknowledged", "acknowledged": "Acknowledged",
            "investigating": "Being investigated", "closed": "Closed"}
OUTCOMES = {"upheld": "Upheld", "partly_upheld": "Partly upheld", "not_upheld": "Not upheld", "withdrawn": "Withdrawn"}
EVENTS = {"received": "Recorded", "acknowledged": "Acknowledged", "investigating": "Investigation started",
          "closed": "Closed", "reminded_due_soon": "Managers reminded: due soon",
          "reminded_overdue": "Managers reminded: overdue"}
# The Friends and Family Test's six answers, in its own order and words.
RATINGS = {"very_good": "Very good", "good": "Good", "neither": "Neither good nor poor", "poor": "Poor",
           "very_poor": "Very poor", "dont_know": "Don't know"}

__all__ = ["EVENTS", "OUTCOMES", "RATINGS", "SOURCES", "STATES", "STATUSES"]
