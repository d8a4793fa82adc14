"""Consultation errors: the core vocabulary (`consult.core.errors`) under the names the
consultation code has always raised, so every transport's one mapping applies to them."""
from __future__ import annotations

from consult.core import errors as core


class ConsultationError(core.DomainError, ValueError):
    """Base class: the message is safe to show to the user (it never holds case details)."""


class NotFound(ConsultationError, core.NotFound):
    def __init__(self, reference: str) -> None:
        ConsultationError.__init__(self, f"No consultation {reference} that you can see.")


class NotAllowed(ConsultationError, core.NotAllowed):
    pass


class WrongState(ConsultationError, core.Conflict):
    """The request is not in a state that allows this (already claimed, already advised...)."""


class InvalidInput(ConsultationError, core.Invalid):
    field: str  # always named here, unlike core.Invalid

    def __init__(self, field: str, message: str) -> None:
        core.Invalid.__init__(self, field, "value_error", message)
        # str() has always named the field: chat and Slack replies show it so.
        self.args = (f"{field}: {message}",)
