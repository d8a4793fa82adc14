"""Complaint errors. They subclass the consultation errors so every transport's mapping
(404 / 403 / 409 / 422) applies unchanged; messages never hold what a complaint says."""
from __future__ import annotations

from consult.consultations.errors import ConsultationError, InvalidInput, NotAllowed, NotFound, WrongState

__all__ = ["ComplaintNotFound", "InvalidInput", "NotAllowed", "WrongState"]


class ComplaintNotFound(NotFound):
    def __init__(self, reference: str) -> None:
        ConsultationError.__init__(self, f"No complaint {reference}.")
