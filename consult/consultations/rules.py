"""Pure rules for consultations: clocks, states, the cluster score, queue order, who to offer.

No I/O here: the working calendar and the time limits are passed in, so every rule is a plain
function that tests can call with any instant.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from consult.workdays import WorkingCalendar

ON_TRACK, DUE_SOON, OVERDUE, DONE = "on_track", "due_soon", "overdue", "done"


@dataclass(frozen=True)
class Clocks:
    acknowledged_at: datetime
    due_soon_at: datetime
    respond_by: datetime


def clocks_for(calendar: WorkingCalendar, received_at: datetime, *, advise_working_days: int,
               due_soon_fraction: float) -> Clocks:
    """Acknowledged at receipt; advice due `advise_working_days` later counted in working hours;
    "due soon" once `due_soon_fraction` of that working time has gone."""
    allowed = calendar.day_length * advise_working_days
    return Clocks(
        acknowledged_at=received_at,
        due_soon_at=calendar.add_working_time(received_at, allowed * due_soon_fraction),
        respond_by=calendar.add_working_days_in_hours(received_at, advise_working_days),
    )


def clock_state(*, now: datetime, status: str, due_soon_at: datetime, respond_by: datetime) -> str:
    if status not in ("acknowledged", "claimed"):
        return DONE
    if now >= respond_by:
        return OVERDUE
    if now >= due_soon_at:
        return DUE_SOON
    return ON_TRACK


def time_left(calendar: WorkingCalendar, *, now: datetime, respond_by: datetime) -> timedelta:
    """Working time until the limit; negative once past it."""
    return calendar.working_time_between(now, respond_by)


def describe_time_left(left: timedelta, *, day_length: timedelta | None = None) -> str:
    """'3 working hours left', '25 minutes left', 'overdue by 2 working hours'; with the working
    `day_length`, three working days or more read in days ('overdue by 12 working days')."""
    minutes = int(abs(left).total_seconds() // 60)
    if day_length and abs(left) >= 3 * day_length:
        days = round(abs(left) / day_length)
        amount = f"{days} working days"
    elif minutes >= 90:
        amount = f"{round(minutes / 60)} working hours"
    else:
        amount = f"{minutes} working minute{'s' if minutes != 1 else ''}"
    return f"overdue by {amount}" if left < timedelta(0) else f"{amount} left"


def time_left_words(calendar: WorkingCalendar, *, now: datetime, respond_by: datetime) -> str:
    """Time left in words that agree with the clock state beside them: past the limit outside
    working hours no working time has gone by yet, so it reads 'overdue since 17:00', never
    'OVERDUE' beside '0 working minutes left'."""
    left = time_left(calendar, now=now, respond_by=respond_by)
    if abs(left) < timedelta(minutes=1):  # outside working hours on either side of the limit
        due = calendar.local(respond_by)
        when = f"{due:%H:%M}" if due.date() == calendar.local(now).date() else f"{due:%a %-d %b %H:%M}"
        return f"overdue since {when}" if now >= respond_by else f"due {when}"
    return describe_time_left(left, day_length=calendar.day_length)


def advice_figures(calendar: WorkingCalendar, *, received_at: datetime, advised_at: datetime,
                   respond_by: datetime) -> tuple[float, bool]:
    """Working hours from receipt to advice, and whether it met the time limit."""
    hours = round(calendar.working_hours_between(received_at, advised_at), 2)
    return hours, advised_at <= respond_by


def queue_order(urgency: str, respond_by: datetime) -> tuple[int, datetime]:
    """Sort key for the clinicians' queue: urgent first, then least time left."""
    return (0 if urgency == "urgent" else 1, respond_by)


# -- four-domain cluster score (Norfolk and Waveney model) -----------------------------------
DOMAINS = ("severity", "relationship", "protection", "parent_mental_health")
DOMAIN_LABELS = {
    "severity": "Severity of the presenting issue",
    "relationship": "Quality of the parent-infant relationship",
    "protection": "Level of child protection concern",
    "parent_mental_health": "Parental mental health, readiness to engage and reflective capacity",
}


def derive_cluster(scores: Mapping[str, int | None]) -> int | None:
    """The cluster (1-6) from the four domain scores (each 1-6), or None unless all four are given.

    The mean of the four, rounded half up, raised to the child-protection score when that is
    higher: significant child-protection concern alone places a case in the higher clusters.
    """
    values = [scores.get(d) for d in DOMAINS]
    if any(v is None for v in values):
        return None
    for v in values:
        if not 1 <= v <= 6:  # type: ignore[operator]
            raise ValueError("each domain score is between 1 and 6")
    mean_cluster = math.floor(sum(values) / 4 + 0.5)  # type: ignore[arg-type]
    return max(mean_cluster, scores["protection"])  # type: ignore[type-var]


def thrive_for_cluster(cluster: int) -> str:
    """Clusters 1-3 match 'getting help', 4-6 'getting more help'."""
    return "getting_help" if cluster <= 3 else "getting_more_help"


# -- duty rota ------------------------------------------------------------------------------
def least_loaded(duty: Sequence[int], loads: Mapping[int, int]) -> int | None:
    """The duty clinician holding the least open work (rota.open_loads: consultations and referrals); rota order breaks ties."""
    if not duty:
        return None
    return min(duty, key=lambda clinician: (loads.get(clinician, 0), duty.index(clinician)))


def escalation_due(*, now: datetime, status: str, due_soon_at: datetime, respond_by: datetime,
                   due_soon_sent: bool, overdue_sent: bool) -> str | None:
    """Which escalation (if any) a request needs now; each is sent once."""
    state = clock_state(now=now, status=status, due_soon_at=due_soon_at, respond_by=respond_by)
    if state == OVERDUE and not overdue_sent:
        return OVERDUE
    if state == DUE_SOON and not due_soon_sent:
        return DUE_SOON
    return None


def clean_concerns(codes: Iterable[str], known: Iterable[str]) -> list[str]:
    """Known codes only, each once, in a stable order."""
    allowed = set(known)
    return sorted({c for c in codes if c in allowed})
