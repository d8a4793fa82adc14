"""Pathway figures for the quarterly return, CSV and dashboard (a figure provider and a series
provider in consult.reporting.figures).

Waits are counted in working days (weekends, bank holidays and the service's closures left out),
which SQL cannot count, so the queries fetch dates only (never a family's details) and Python
counts the days with the service's own calendar. The medians are over the same referrals as the
counts beside them (`referrals_triaged`, `interventions_started`), so suppression hides a median
with its base. A month's wait is drawn only from at least the small-count threshold of families.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from consult.clock import LONDON
from consult.core.calendar import calendar_for
from consult.pathway.models import FamilyAppointment
from consult.pathway.outcomes import paired_change
from consult.pathway.rules import median, percentile, working_days_waited
from consult.profiles import active_profile
from consult.referrals.models import Referral

WAIT_STAGES = {"triage": "Referral to triage", "assessment": "Triage to assessment",
               "intervention": "Assessment to intervention start"}


def _day(instant: datetime) -> date:
    return instant.astimezone(LONDON).date()


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _waits(db: Session, start: date, end: date, *, by: str) -> dict[str, list[tuple[date, int]]]:
    """{stage: [(the day the wait ended, working days)]}. `by="received"` takes triage waits of
    referrals received in [start, end) (the return's base); `by="ended"` every wait that ended then."""
    calendar = calendar_for(db)
    out: dict[str, list[tuple[date, int]]] = {stage: [] for stage in WAIT_STAGES}
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    triage_window = (and_(Referral.received_on >= start, Referral.received_on < end) if by == "received"
                     else and_(Referral.triaged_at >= lo, Referral.triaged_at < hi))
    for received, triaged in db.execute(select(Referral.received_on, Referral.triaged_at)
                                        .where(Referral.triaged_at.is_not(None), triage_window)):
        out["triage"].append((_day(triaged), working_days_waited(calendar, received, _day(triaged))))  # type: ignore[arg-type]  # triaged_at NOT NULL by the WHERE
    for triaged, assessed in db.execute(select(Referral.triaged_at, Referral.assessment_on).where(
            Referral.assessment_on >= start, Referral.assessment_on < end, Referral.triaged_at.is_not(None))):
        out["assessment"].append((assessed, working_days_waited(calendar, _day(triaged), assessed)))  # type: ignore[arg-type]  # both NOT NULL by the WHERE
    for assessed, started in db.execute(select(Referral.assessment_on, Referral.intervention_started_on).where(
            Referral.intervention_started_on >= start, Referral.intervention_started_on < end)):
        out["intervention"].append((started, working_days_waited(calendar, assessed, started)))  # type: ignore[arg-type]  # both NOT NULL by the WHERE
    return out


def pathway_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    waits = _waits(db, start, end, by="received")
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    counts = dict(db.execute(select(FamilyAppointment.status, func.count()).where(
        FamilyAppointment.starts_at >= lo, FamilyAppointment.starts_at < hi).group_by(FamilyAppointment.status)).all())
    attended, missed = counts.get("attended", 0), counts.get("did_not_attend", 0)
    recorded = attended + missed
    return {
        "median_working_days_to_triage": _rounded(median([d for _, d in waits["triage"]])),
        "median_working_days_assessment_to_intervention": _rounded(median([d for _, d in waits["intervention"]])),
        # Appointments that were due to happen: held or missed, or not yet recorded; not those cancelled.
        "family_appointments": recorded + counts.get("booked", 0),
        "family_appointments_attended": attended,
        "family_did_not_attend": missed,
        "family_appointments_not_yet_recorded": counts.get("booked", 0),
        "family_appointments_cancelled": counts.get("cancelled_by_family", 0) + counts.get("cancelled_by_service", 0),
        "family_did_not_attend_pct": round(100 * missed / recorded, 1) if recorded else None,
        **paired_change(db=db, lo=lo, hi=hi, threshold=active_profile().reporting.small_count_threshold),
    }


def wait_series(*, db: Session, start: date, end: date) -> dict[str, dict[str, dict[str, float]]]:
    """{"waits_median": {stage label: {"2026-07": days}}, "waits_p90": {...}} by the month each wait
    ended; a month with fewer waits than the small-count threshold is left out of both."""
    threshold = active_profile().reporting.small_count_threshold
    medians: dict[str, dict[str, float]] = {}
    p90s: dict[str, dict[str, float]] = {}
    for stage, rows in _waits(db, start, end, by="ended").items():
        months: dict[str, list[int]] = {}
        for ended, days in rows:
            months.setdefault(f"{ended.year:04d}-{ended.month:02d}", []).append(days)
        for month, values in months.items():
            if len(values) >= threshold:
                medians.setdefault(WAIT_STAGES[stage], {})[month] = median(values) or 0.0
                p90s.setdefault(WAIT_STAGES[stage], {})[month] = percentile(values, 90) or 0.0
    return {"waits_median": medians, "waits_p90": p90s}
