"""Pure rules for referrals: the pathway clocks, masking, score checks, the follow-up date.

The working calendar and time limits are passed in, so each rule can be tested with any date.
The triage clock is counted exactly as a consultation's respond-by (working hours), by the
consultations package's own rule, and due-soon/overdue states come from the same function.
"""
from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

from consult.consultations import rules as consultation_rules
from consult.profiles import Profile
from consult.readiness.results import Context
from consult.readiness.rules import check_screening
from consult.readiness.schemas import Finding, Screening
from consult.readiness.schemas import Referral as ReferralBody
from consult.readiness.wording import normalise_place
from consult.workdays import WorkingCalendar

FOLLOW_UP_MONTHS = 6


def triage_clocks(calendar: WorkingCalendar, received_at: datetime, *, profile: Profile) -> consultation_rules.Clocks:
    """Acknowledged at receipt; triage due `triage_working_days` later, counted in working hours."""
    limits = profile.time_limits
    return consultation_rules.clocks_for(calendar, received_at, advise_working_days=limits.triage_working_days,
                                         due_soon_fraction=limits.due_soon_fraction)


def triage_state(*, now: datetime, status: str, due_soon_at: datetime, triage_by: datetime) -> str:
    """on_track / due_soon / overdue while waiting for triage; done afterwards."""
    waiting = "acknowledged" if status in ("acknowledged", "more_information") else "done"
    return consultation_rules.clock_state(now=now, status=waiting, due_soon_at=due_soon_at, respond_by=triage_by)


def intervention_start_by(calendar: WorkingCalendar, assessed_on: date, *, profile: Profile) -> date:
    """The intervention should start within `intervention_start_working_days` working days of assessment."""
    return calendar.add_working_days(assessed_on, profile.time_limits.intervention_start_working_days)


def follow_up_date(closed_on: date, months: int = FOLLOW_UP_MONTHS) -> date:
    """The same day `months` later (the month's last day when it has no such day)."""
    month_index = closed_on.month - 1 + months
    year, month = closed_on.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(closed_on.day, monthrange(year, month)[1]))


def digits(value: str | None) -> str:
    return "".join(ch for ch in (value or "") if ch.isdigit())


def mask_nhs(value: str | None) -> str | None:
    """'*** *** 1234': enough for the referrer to recognise the family, not to identify them."""
    found = digits(value)
    return f"*** *** {found[-4:]}" if found else None


def format_nhs(value: str | None) -> str | None:
    found = digits(value)
    return f"{found[:3]} {found[3:6]} {found[6:]}" if len(found) == 10 else (value or None)


def canonical_district(typed: str | None, profile: Profile) -> str | None:
    wanted = normalise_place(typed)
    return next((d for d in profile.districts if normalise_place(d) == wanted), None)


def score_problems(screening: Screening, *, profile: Profile, as_of: date) -> list[Finding]:
    """Out-of-range screening scores, by the readiness check's own ranges and words."""
    outcome = check_screening(ReferralBody(screening=screening), Context(profile=profile, as_of=as_of))
    return list(outcome.problems)


def screening_used(screening: Screening) -> bool:
    return any(value is not None for part in (screening.mors_sf, screening.phq9, screening.gad7)
               for value in part.model_dump().values())
