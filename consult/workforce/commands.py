"""The one input of a training booking, built by every transport (the course page, the JSON API,
the Slack button, `pimh chat`, the demo) and checked once here: which course the delegate asks for.
The delegate is always the caller's own account, never a field, so no one books a place for another."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from consult.core.types import INT32_MAX
from consult.workforce.errors import TrainingError

_MAX_DIGITS = len(str(INT32_MAX))


class TrainingBookingRequest(BaseModel):
    """A place asked for on one course (a waiting-list place when it is full)."""

    # Never changed once built; a misspelt field is a programming error, not input.
    model_config = ConfigDict(frozen=True, extra="forbid")

    course_id: int = Field(ge=1, le=INT32_MAX)

    @classmethod
    def from_choice(cls, value: str | None) -> TrainingBookingRequest:
        """From a Slack button's value or a number typed in `pimh chat`: anything that is not a
        course id is no course at all (not found), never a crash."""
        text = (value or "").strip()
        if not (0 < len(text) <= _MAX_DIGITS and text.isascii() and text.isdigit()) or not 1 <= int(text) <= INT32_MAX:
            raise TrainingError("not_found", "No such course.")
        return cls(course_id=int(text))
