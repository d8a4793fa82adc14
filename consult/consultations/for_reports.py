"""What consultations publish for the reports, and the one module of this package reporting may import.

Reporting's consultation figures, charts and log are SQL aggregates over these tables (they read the
covering index ix_consultations_reporting), so they need the mapped classes and the code lists, not
just a figures function; the consultation pages' words keep the log and the timeline saying the
same thing. Everything else in this package is private to it (import-linter's third contract).
"""
from __future__ import annotations

from consult.consultations import labels as words
from consult.consultations.models import (
    CHANNELS,
    OPEN_STATUSES,
    RECOMMENDATIONS,
    STATUSES,
    THRIVE_LEVELS,
    Consultation,
    ConsultationFeedback,
)

__all__ = ["CHANNELS", "OPEN_STATUSES", "RECOMMENDATIONS", "STATUSES", "THRIVE_LEVELS", "Consultation",
           "ConsultationFeedback", "words"]
