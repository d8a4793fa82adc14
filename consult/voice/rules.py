"""Pure rules for complaints and feedback: the acknowledgement clock, its state, which step may
follow which, the Friends and Family Test's positive share, and learning-need themes.

The acknowledgement clock is counted by the consultations' own clock rule (working hours of the
working calendar, bank holidays and closures included) from the close of the day the complaint
was received, so "3 working days" ends at the close of the third working day after receipt and
due-soon/overdue come from the same function the clinicians' queue uses.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from consult.consultations import rules as clock_rules
from consult.privacy.redact import identifier_kind, redact_people
from consult.workdays import WorkingCalendar

# status -> the steps that may follow it (the conditional UPDATE checks the same).
NEXT = {"received": ("acknowledged", "closed"), "acknowledged": ("investigating", "closed"),
        "investigating": ("closed",), "closed": ()}
# A complaint is on the acknowledgement clock only while it is waiting to be acknowledged.
AWAITING = ("received",)
POSITIVE = ("very_good", "good")


def acknowledgement_clocks(calendar: WorkingCalendar, received_on: date, *, working_days: int,
                           due_soon_fraction: float) -> clock_rules.Clocks:
    """The clock starts when the day of receipt closes (a complaint received on a Saturday starts
    on Monday morning) and runs `working_days` working days in working hours."""
    return clock_rules.clocks_for(calendar, calendar.closing(received_on), advise_working_days=working_days,
                                  due_soon_fraction=due_soon_fraction)


def acknowledge_by(calendar: WorkingCalendar, clocks: clock_rules.Clocks) -> date:
    return calendar.local(clocks.respond_by).date()


def acknowledgement_state(*, now: datetime, status: str, due_soon_at: datetime, deadline: datetime) -> str:
    """on_track / due_soon / overdue while waiting to be acknowledged; done afterwards."""
    waiting = "acknowledged" if status in AWAITING else "done"  # the consultation rule's word for "on the clock"
    return clock_rules.clock_state(now=now, status=waiting, due_soon_at=due_soon_at, respond_by=deadline)


def may_follow(status: str, step: str) -> bool:
    return step in NEXT.get(status, ())


def within_target(acknowledged_on: date, acknowledge_by_day: date) -> bool:
    return acknowledged_on <= acknowledge_by_day


def positive_pct(counts: Mapping[str, int]) -> float | None:
    """Very good or good, of those who gave a rating other than "don't know"."""
    rated = sum(n for rating, n in counts.items() if rating != "dont_know")
    return round(100 * sum(counts.get(r, 0) for r in POSITIVE) / rated, 1) if rated else None


def comment_problem(comment: str | None) -> str | None:
    """Why a family's comment cannot be kept as written, in plain words, or None when it can.
    Comments that name someone or hold a number, date or address are refused (not stored
    redacted): the family can say the same thing without it, and nothing of theirs is kept."""
    text = (comment or "").strip()
    if not text:
        return None
    kind = identifier_kind(text)
    if kind is None and redact_people(text) != text:
        kind = "a name or an address"
    if kind is None:
        return None
    return (f"Your comment seems to include {kind}. Please take it out and send your comment again: "
            "we do not keep anything that could show who you or your family are.")


def theme_for(text: str | None, themes: Mapping[str, Iterable[str]]) -> str | None:
    """The first theme one of whose keywords is in the text (None for no text, "other" for no match).
    The reports count the same thing in SQL; this is the rule the two are tested against."""
    if not text or not text.strip():
        return None
    lowered = text.lower()
    for code, keywords in themes.items():
        if any(k in lowered for k in keywords):
            return code
    return "other"

