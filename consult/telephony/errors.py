"""The telephone line's domain errors; each transport maps them to its own words."""
from __future__ import annotations


class TelephonyError(ValueError):
    """The message is safe to show (it never holds a phone number)."""


class NotFound(TelephonyError):
    def __init__(self, call_id: int) -> None:
        super().__init__(f"No call {call_id} on the line's record.")


class Conflict(TelephonyError):
    """Someone else did it first (two clinicians recording the same call-back)."""


class InvalidInput(TelephonyError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
