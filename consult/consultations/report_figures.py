"""Consultation figures and series for the reports (this package's contract declares them), each one
a SQL aggregate (COUNT, CASE, AVG, the median) over the covering index ix_consultations_reporting.

A consultation belongs to the period it was received in (`received_on`, a London date stored
when it arrived); feedback belongs to the period it was given in. The timing columns
(`acknowledged_within_target`, `advised_within_target`, `working_hours_to_advice`) are the ones
the consultation service stored at the moment each thing happened, so nothing here re-runs the
working-day calendar.

"Advised within target" is counted honestly: the denominator is every consultation that has
been advised plus every one still open past its time limit, so a request nobody answered
counts against the service instead of vanishing from the figure.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from consult import clock
from consult.consultations.models import (
    CHANNELS,
    OPEN_STATUSES,
    RECOMMENDATIONS,
    THRIVE_LEVELS,
    Consultation,
    ConsultationFeedback,
)
from consult.profiles import active_profile
from consult.reporting.sql import count_if, counts, local_midnight, median, monthly_median, pct, rounded

NOT_RECORDED = "Not recorded"
C = Consultation
F = ConsultationFeedback


def received_in(start: date, end: date) -> list[ColumnElement[bool]]:
    return [C.received_on >= start, C.received_on < end]


def overdue_open() -> ColumnElement[bool]:
    return and_(C.status.in_(OPEN_STATUSES), C.respond_by <= clock.now())


def _mix(column: InstrumentedAttribute[Any], codes: Iterable[object]) -> list[ColumnElement[Any]]:
    return [count_if(column == code).label(f"{column.key}:{code}") for code in codes]


def consultation_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    """The consultation part of the quarterly return for [start, end).

    One scan gives the headline counts and every mix over a fixed list of codes (conditional
    counts); open-ended fields (district, role, organisation type) share one GROUP BY. Both read only
    the covering index ix_consultations_reporting (migration 0007_reporting), not the table."""
    where = received_in(start, end)
    fixed: dict[str, tuple[InstrumentedAttribute[Any], Iterable[object]]] = {
        "by_outcome": (C.recommendation, RECOMMENDATIONS), "by_thrive": (C.thrive, THRIVE_LEVELS),
        "by_cluster": (C.cluster, range(1, 7)), "by_channel": (C.channel, CHANNELS)}
    row = db.execute(
        select(
            func.count().label("total"),
            count_if(C.acknowledged_within_target.is_(True)).label("ack_ok"),
            func.count(C.advised_at).label("advised"),
            count_if(C.advised_within_target.is_(True)).label("advised_ok"),
            func.count(C.working_hours_to_advice).label("timed"),
            count_if(overdue_open()).label("overdue"),
            count_if(C.status == "withdrawn").label("withdrawn"),
            count_if(C.closed_without_advice.is_(True)).label("without_advice"),
            count_if(C.status.in_(OPEN_STATUSES)).label("open"),
            count_if(C.logged_call.is_(True)).label("logged"),
            *[c for column, codes in fixed.values() for c in _mix(column, codes)],
        ).where(*where)
    ).one()._mapping
    mixes = {name: {str(code): row[f"{column.key}:{code}"] for code in codes} for name, (column, codes) in fixed.items()}
    return {
        "consultations": row["total"],
        "advised": row["advised"],
        "open": row["open"],
        "open_past_time_limit": row["overdue"],
        "withdrawn": row["withdrawn"],
        "closed_without_advice": row["without_advice"],
        "calls_logged": row["logged"],
        "acknowledged_within_target_pct": pct(row["ack_ok"], row["total"]),
        "advised_within_target_pct": pct(row["advised_ok"], row["advised"] + row["overdue"]),
        "median_working_hours_to_advice": median(db, C.working_hours_to_advice, where, total=row["timed"]),
        **_who_asked(db, where),
        "by_channel": mixes["by_channel"],
        "by_outcome": mixes["by_outcome"],
        "by_thrive": mixes["by_thrive"],
        "by_cluster": mixes["by_cluster"],
        **feedback_figures(db=db, start=start, end=end),
    }


def _who_asked(db: Session, where: list[ColumnElement[bool]]) -> dict[str, dict[str, int]]:
    """District, role and organisation type from one GROUP BY over their combinations (a few
    hundred groups at most), rolled up here: one pass over the index instead of three."""
    out: dict[str, dict[str, int]] = {"by_district": {d: 0 for d in active_profile().districts}, "by_role": {},
                                      "by_organisation_type": {}}
    query = (select(C.district, C.practitioner_role, C.organisation_type, func.count()).where(*where)
             .group_by(C.district, C.practitioner_role, C.organisation_type))
    for district, role, organisation_type, n in db.execute(query).all():
        for key, value in (("by_district", district), ("by_role", role or NOT_RECORDED),
                           ("by_organisation_type", organisation_type or NOT_RECORDED)):
            out[key][value] = out[key].get(value, 0) + n
    return out


def _feedback_in(start: date, end: date) -> list[ColumnElement[bool]]:
    return [F.given_at >= local_midnight(start), F.given_at < local_midnight(end)]


def feedback_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    row = db.execute(select(
        func.count().label("forms"), func.avg(F.confidence_before).label("before"),
        func.avg(F.confidence_after).label("after"), func.avg(F.confidence_change).label("change"),
        func.avg(F.helpfulness).label("helpful"), count_if(F.confidence_change > 0).label("improved"),
    ).where(*_feedback_in(start, end))).one()._mapping
    return {
        "feedback_forms": row["forms"],
        "confidence_before_mean": rounded(row["before"]),
        "confidence_after_mean": rounded(row["after"]),
        "confidence_change": rounded(row["change"]),
        "confidence_improved_pct": pct(row["improved"], row["forms"]),
        "helpfulness_mean": rounded(row["helpful"]),
    }


# -- series for the dashboard's and annual statement's charts ---------------------------------
def consultation_series(*, db: Session, start: date, end: date) -> dict[str, Any]:
    """The consultations' month-by-month series for [start, end): demand by district and by role
    ({group: {"2026-07": n}}), the two time-limit rates and the median hours to advice by month,
    and practitioners' confidence before and after advice ({"before": {"1": n, ..., "5": n}, ...})."""
    return {
        "consultations_by_district": _demand_by_month(db, start, end, C.district),
        "consultations_by_role": _demand_by_month(db, start, end, C.practitioner_role),
        "consultation_targets": _targets_by_month(db, start, end),
        "consultation_median_hours": _median_hours_by_month(db, start, end),
        "consultation_confidence": _confidence_distribution(db, start, end),
    }


def _demand_by_month(db: Session, start: date, end: date,
                     column: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]) -> dict[str, dict[str, int]]:
    query = (select(column, C.received_month, func.count()).where(*received_in(start, end))
             .group_by(column, C.received_month))
    out: dict[str, dict[str, int]] = {}
    for group, month, n in db.execute(query).all():
        out.setdefault(group or NOT_RECORDED, {})[month] = n
    return out


def _targets_by_month(db: Session, start: date, end: date) -> dict[str, dict[str, float | None]]:
    """{"acknowledged": {month: %}, "advised": {month: %}}, "advised" counted as the figure is."""
    query = select(
        C.received_month.label("month"), func.count().label("total"),
        count_if(C.acknowledged_within_target.is_(True)).label("ack_ok"), func.count(C.advised_at).label("advised"),
        count_if(C.advised_within_target.is_(True)).label("advised_ok"), count_if(overdue_open()).label("overdue"),
    ).where(*received_in(start, end)).group_by(C.received_month)
    out: dict[str, dict[str, float | None]] = {"acknowledged": {}, "advised": {}}
    for row in db.execute(query).mappings():
        out["acknowledged"][row["month"]] = pct(row["ack_ok"], row["total"])
        out["advised"][row["month"]] = pct(row["advised_ok"], row["advised"] + row["overdue"])
    return out


def _median_hours_by_month(db: Session, start: date, end: date) -> dict[str, float | None]:
    where = received_in(start, end)
    if db.get_bind().dialect.name == "postgresql":
        query = (select(C.received_month, func.percentile_cont(0.5).within_group(C.working_hours_to_advice).label("median"))
                 .where(*where, C.working_hours_to_advice.is_not(None)).group_by(C.received_month))
        return {row.received_month: rounded(row.median) for row in db.execute(query)}
    return dict(monthly_median(db, C.working_hours_to_advice, C.received_month, where))


def _confidence_distribution(db: Session, start: date, end: date) -> dict[str, dict[str, int]]:
    """How many practitioners rated their confidence 1..5 before and after advice."""
    where = _feedback_in(start, end)
    scores = [str(n) for n in range(1, 6)]
    return {"before": counts(db, F.confidence_before, where, keys=scores),
            "after": counts(db, F.confidence_after, where, keys=scores)}
