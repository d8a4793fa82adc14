"""Words for the line's codes on pages."""
from __future__ import annotations

STATUSES = {"ringing": "Ringing", "answered": "Answered", "missed": "Missed", "voicemail": "Message left",
            "out_of_hours": "Line closed"}
CLOSED_REASONS = {"out_of_hours": "out of hours", "bank_holiday": "bank holiday", "closure": "closure day",
                  "nobody_on_duty": "nobody on duty"}
CALLBACK_OUTCOMES = {"spoke": "Spoke to them", "no_answer": "No answer", "left_message": "Left a message",
                     "not_needed": "Not needed (they were helped another way)"}


def duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"
