"""Referral errors. They subclass the consultation errors so every transport's existing mapping
(404 / 403 / 409 / 422) applies unchanged; the messages never hold a family's details."""
from __future__ import annotations

from consult.consultations.errors import InvalidInput, NotAllowed, NotFound, WrongState
from consult.readiness.schemas import Finding

__all__ = ["InvalidInput", "NotAllowed", "ReferralNotFound", "Refused", "WrongState"]


class ReferralNotFound(NotFound):
    def __init__(self, reference: str) -> None:
        ValueError.__init__(self, f"No referral {reference} that you can see.")


class Refused(ValueError):
    """The readiness rules found problems: nothing was stored."""

    def __init__(self, problems: list[Finding]) -> None:
        super().__init__("the referral has problems: " + ", ".join(p.code for p in problems))
        self.problems = problems
