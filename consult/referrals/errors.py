"""Referral errors: kinds of the core vocabulary (`consult.core.errors`), through the consultation
errors, so the one mapping (404 / 403 / 409 / 422) applies; messages never hold a family's details."""
from __future__ import annotations

from typing import Any

from consult.consultations.errors import ConsultationError, InvalidInput, NotAllowed, NotFound, WrongState
from consult.core.errors import Invalid
from consult.readiness.schemas import Finding

__all__ = ["InvalidInput", "NotAllowed", "ReferralNotFound", "Refused", "WrongState"]


class ReferralNotFound(NotFound):
    def __init__(self, reference: str) -> None:
        ConsultationError.__init__(self, f"No referral {reference} that you can see.")


class Refused(Invalid, ValueError):
    """The readiness rules found problems: nothing was stored."""

    def __init__(self, problems: list[Finding]) -> None:
        Invalid.__init__(self, None, "refused", "the referral has problems: " + ", ".join(p.code for p in problems))
        self.problems = problems

    @property
    def detail(self) -> Any:
        return {"problems": [p.model_dump() for p in self.problems]}
