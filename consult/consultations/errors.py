"""Domain errors; each transport maps them to its own words (HTTP status, Slack reply, form error)."""
from __future__ import annotations


class ConsultationError(ValueError):
    """Base class: the message is safe to show to the user (it never holds case details)."""


class NotFound(ConsultationError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"No consultation {reference} that you can see.")


class NotAllowed(ConsultationError):
    pass


class WrongState(ConsultationError):
    """The request is not in a state that allows this (already claimed, already advised...)."""


class InvalidInput(ConsultationError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
