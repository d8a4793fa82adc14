"""Pure rules for the family's pathway: waits in working days, when a session may be held,
where, and the did-not-attend run. The calendar and profile are passed in, so each rule can be
tested with any date."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from consult.profiles import WEEKDAYS, ExtraSession, Profile
from consult.workdays import WorkingCalendar

STAGES = ("triage", "assessment", "intervention")


def working_days_waited(calendar: WorkingCalendar, since: date, today: date) -> int:
    """Working days from `since` up to (not including) `today`: a referral received this morning has
    waited 0; one received on Wednesday before a Friday bank holiday has waited 2 by Monday."""
    return calendar.working_days_between(since, today) if today > since else 0


def _week_of_month(day: date) -> int:
    return (day.day - 1) // 7 + 1


def extra_session_for(profile: Profile, starts: datetime, ends: datetime) -> ExtraSession | None:
    """The profile's evening or Saturday session that holds [starts, ends) (London wall times), if any."""
    day = starts.date()
    if ends.date() != day:
        return None
    for session in profile.extra_sessions:
        if WEEKDAYS[day.weekday()] != session.weekday:
            continue
        if session.weeks_of_month and _week_of_month(day) not in session.weeks_of_month:
            continue
        if session.starts <= starts.time() and ends.time() <= session.ends:
            return session
    return None


@dataclass(frozen=True)
class SessionFit:
    ok: bool
    session_label: str | None = None
    reason: str = ""


def session_fit(calendar: WorkingCalendar, profile: Profile, starts_local: datetime, minutes: int) -> SessionFit:
    """An appointment is held in core hours on a working day or inside one of the extra sessions."""
    ends_local = starts_local + timedelta(minutes=minutes)
    day = starts_local.date()
    if (calendar.is_working_day(day) and ends_local.date() == day
            and calendar.opens <= starts_local.time() and ends_local.time() <= calendar.closes):
        return SessionFit(True)
    extra = extra_session_for(profile, starts_local, ends_local)
    if extra is not None and not calendar.bank_holiday_name(day) and day not in calendar.closures:
        return SessionFit(True, extra.label)
    hours = f"{calendar.opens:%H:%M} to {calendar.closes:%H:%M} on working days"
    sessions = "; ".join(s.label for s in profile.extra_sessions)
    return SessionFit(False, reason=f"choose a time within {hours}" + (f", or in one of: {sessions}" if sessions else ""))


def places(profile: Profile) -> list[str]:
    """Where a clinic appointment may be held: the Family Hubs, then any other clinics."""
    return [hub.name for hub in (*profile.booking.family_hubs, *profile.pathway.clinics)]


def default_place(profile: Profile, district: str) -> str | None:
    """The Family Hub in the family's district, when the profile has one."""
    return next((hub.name for hub in profile.booking.family_hubs if hub.district == district), None)


def place_for(method: str, chosen: str | None, profile: Profile, district: str) -> tuple[str | None, str]:
    """(place, problem): a clinic needs one of the profile's places; other methods name the method only."""
    if method != "clinic":
        return {"home_visit": "Home visit", "video": "Video call", "phone": "Telephone call"}[method], ""
    wanted = (chosen or "").strip() or default_place(profile, district)
    if wanted in places(profile):
        return wanted, ""
    return None, "choose one of the service's Family Hubs or clinics: " + ", ".join(places(profile))


def did_not_attend_run(outcomes: Sequence[str]) -> int:
    """Did-not-attend outcomes in a row at the end of `outcomes` (oldest first). Cancellations by
    either side neither break nor extend the run: a family that cancels has been in touch, but the
    run of missed sessions is still what the policy counts."""
    run = 0
    for outcome in reversed(outcomes):
        if outcome == "did_not_attend":
            run += 1
        elif outcome == "attended":
            break
    return run


def policy_triggered(outcomes: Sequence[str], *, in_a_row: int) -> bool:
    """True when the newest outcome is a miss that makes the run a whole multiple of the limit: with a
    limit of 2, the 2nd miss in a row triggers, and after a decision to keep the family open the
    4th does again (the 3rd alone does not)."""
    run = did_not_attend_run(outcomes)
    return bool(outcomes) and outcomes[-1] == "did_not_attend" and run > 0 and run % in_a_row == 0


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile (the value below which `pct` per cent of waits fall)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, -(-len(ordered) * pct // 100))
    return float(ordered[int(rank) - 1])
