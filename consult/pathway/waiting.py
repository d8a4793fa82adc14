"""Who is waiting now, at triage, assessment and intervention, and for how long (working days).

Each stage has its own clock: triage by the referral's `triage_by` (working hours, as the queue
counts it); assessment within the profile's `pathway.assessment_working_days` of triage;
intervention by the referral's `intervention_start_by`. Families are sorted by working time
left on their clock, least first, across every stage's list the same way. Nothing here names a
family: reference, district, dates and the allocated clinician only.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import rules as clock_rules
from consult.core.calendar import calendar_for
from consult.pathway.models import ReferralPathway
from consult.pathway.rules import STAGES, working_days_waited
from consult.profiles import Profile, active_profile
from consult.referrals.models import AWAITING_TRIAGE, Referral
from consult.workdays import WorkingCalendar

STAGE_STATUSES = {"triage": AWAITING_TRIAGE, "assessment": ("eligible",), "intervention": ("assessed",)}


@dataclass(frozen=True)
class Waiting:
    reference: str
    district: str
    waiting_since: date
    working_days_waited: int
    due: date
    state: str
    time_left: str
    allocated_to: str | None
    left: timedelta  # the sort key; not shown

    def public(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("left")
        return {**out, "waiting_since": self.waiting_since.isoformat(), "due": self.due.isoformat()}


def _days_words(calendar: WorkingCalendar, today: date, due: date) -> str:
    if due == today:
        return "due today"
    if due > today:
        n = calendar.working_days_between(today, due)
        return f"{n} working day{'s' if n != 1 else ''} left"
    n = calendar.working_days_between(due, today)
    return f"overdue by {n} working day{'s' if n != 1 else ''}"


def _clock(stage: str, r: Referral, calendar: WorkingCalendar, profile: Profile) -> tuple[date, datetime]:
    """(waiting since, due instant) for a referral at `stage`."""
    if stage == "triage":
        return r.received_on, r.triage_by
    if stage == "assessment":
        triaged = (r.triaged_at or r.received_at).astimezone(LONDON).date()
        due_day = calendar.add_working_days(triaged, profile.pathway.assessment_working_days)
        return triaged, calendar.closing(due_day)
    since = r.assessment_on or r.received_on
    due_day = r.intervention_start_by or calendar.add_working_days(since, profile.time_limits.intervention_start_working_days)
    return since, calendar.closing(due_day)


def _state(left: timedelta, allowed: timedelta, fraction: float) -> str:
    if left < timedelta(0):
        return clock_rules.OVERDUE
    return clock_rules.DUE_SOON if left <= allowed * (1 - fraction) else clock_rules.ON_TRACK


def waiting_list(*, db: Session, now: datetime, profile: Profile | None = None) -> dict[str, Any]:
    """{"as_of", "stages": {stage: {"count", "longest_working_days", "families": [...]}}}."""
    profile = profile or active_profile()
    calendar = calendar_for(db, profile)
    today = calendar.local(now).date()
    statuses = [s for stage in STAGES for s in STAGE_STATUSES[stage]]
    rows = db.execute(
        select(Referral, User.name).outerjoin(ReferralPathway, ReferralPathway.referral_id == Referral.id)
        .outerjoin(User, User.id == ReferralPathway.allocated_to_id)
        .where(Referral.status.in_(statuses)).order_by(Referral.id)).all()
    stages: dict[str, list[Waiting]] = {stage: [] for stage in STAGES}
    fraction = profile.time_limits.due_soon_fraction
    for referral, holder in rows:
        stage = next(s for s in STAGES if referral.status in STAGE_STATUSES[s])
        since, due_at = _clock(stage, referral, calendar, profile)
        left = clock_rules.time_left(calendar, now=now, respond_by=due_at)
        due_day = calendar.local(due_at).date()
        if stage == "triage":
            state = clock_rules.clock_state(now=now, status="acknowledged", due_soon_at=referral.triage_due_soon_at,
                                            respond_by=referral.triage_by)
            words = clock_rules.describe_time_left(left)
        else:
            allowed = calendar.day_length * calendar.working_days_between(since, due_day + timedelta(days=1))
            state, words = _state(left, allowed, fraction), _days_words(calendar, today, due_day)
        stages[stage].append(Waiting(referral.reference, referral.district, since,
                                     working_days_waited(calendar, since, today), due_day, state, words, holder, left))
    out: dict[str, dict[str, Any]] = {}
    for stage, families in stages.items():
        families.sort(key=lambda w: (w.left, w.reference))
        out[stage] = {"count": len(families),
                      "longest_working_days": max((w.working_days_waited for w in families), default=0),
                      "families": [w.public() for w in families]}
    return {"as_of": today.isoformat(), "stages": out}
