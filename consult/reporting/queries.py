"""Consultation figures for a period, each one a SQL aggregate (COUNT, CASE, AVG, the median).

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

from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.consultations.for_reports import (
    CHANNELS,
    OPEN_STATUSES,
    RECOMMENDATIONS,
    THRIVE_LEVELS,
    Consultation,
    ConsultationFeedback,
)
from consult.profiles import active_profile
from consult.reporting.periods import Period
from consult.reporting.sql import count_if, counts, local_midnight, median, monthly_median, pct, rounded

NOT_RECORDED = "Not recorded"
C = Consultation


def received_in(start: date, end: date) -> list[ColumnElement]:
    return [C.received_on >= start, C.received_on < end]


def _overdue_open() -> ColumnElement:
    return and_(C.status.in_(OPEN_STATUSES), C.respond_by <= clock.now())


def _mix(column, codes) -> list:
    return [count_if(column == code).label(f"{column.key}:{code}") for code in codes]


def consultation_figures(*, db: Session, start: date, end: date) -> dict:
    """The consultation part of the quarterly return for [start, end).

    One scan gives the headline counts and every mix over a fixed list of codes (conditional
    counts); open-ended fields (district, role, organisation type) share one GROUP BY. Both read only
    the covering index ix_consultations_reporting (migration 0007_reporting), not the table."""
    where = received_in(start, end)
    fixed = {"by_outcome": (C.recommendation, RECOMMENDATIONS), "by_thrive": (C.thrive, THRIVE_LEVELS),
             "by_cluster": (C.cluster, range(1, 7)), "by_channel": (C.channel, CHANNELS)}
    row = db.execute(
        select(
            func.count().label("total"),
            count_if(C.acknowledged_within_target.is_(True)).label("ack_ok"),
            func.count(C.advised_at).label("advised"),
            count_if(C.advised_within_target.is_(True)).label("advised_ok"),
            func.count(C.working_hours_to_advice).label("timed"),
            count_if(_overdue_open()).label("overdue"),
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


def _who_asked(db: Session, where: list[ColumnElement]) -> dict[str, dict[str, int]]:
    """District, role and organisation type from one GROUP BY over their combinations (a few
    hundred groups at most), rolled up here: one pass over the index instead of three."""
    out = {"by_district": {d: 0 for d in active_profile().districts}, "by_role": {}, "by_organisation_type": {}}
    query = (select(C.district, C.practitioner_role, C.organisation_type, func.count()).where(*where)
             .group_by(C.district, C.practitioner_role, C.organisation_type))
    for district, role, organisation_type, n in db.execute(query).all():
        for key, value in (("by_district", district), ("by_role", role or NOT_RECORDED),
                           ("by_organisation_type", organisation_type or NOT_RECORDED)):
            out[key][value] = out[key].get(value, 0) + n
    return out


def _feedback_in(start: date, end: date) -> list[ColumnElement]:
    F = ConsultationFeedback
    return [F.given_at >= local_midnight(start), F.given_at < local_midnight(end)]


def feedback_figures(*, db: Session, start: date, end: date) -> dict:
    F = ConsultationFeedback
    forms, before, after, change, helpful, improved = db.execute(select(
        func.count(), func.avg(F.confidence_before), func.avg(F.confidence_after), func.avg(F.confidence_change),
        func.avg(F.helpfulness), count_if(F.confidence_change > 0),
    ).where(*_feedback_in(start, end))).one()
    return {
        "feedback_forms": forms,
        "confidence_before_mean": rounded(before),
        "confidence_after_mean": rounded(after),
        "confidence_change": rounded(change),
        "confidence_improved_pct": pct(improved, forms),  # type: ignore[arg-type]
        "helpfulness_mean": rounded(helpful),
    }


# -- series for the dashboard's charts -----------------------------------------------------
def demand_by_month(*, db: Session, period: Period, by: str) -> dict[str, dict[str, int]]:
    """{group: {month: count}} for by = "district" or "role"."""
    column = {"district": C.district, "role": C.practitioner_role}[by]
    query = (select(column, C.received_month, func.count()).where(*received_in(period.start, period.end))
             .group_by(column, C.received_month))
    out: dict[str, dict[str, int]] = {}
    for group, month, n in db.execute(query).all():
        out.setdefault(group or NOT_RECORDED, {})[month] = n
    return out


def targets_by_month(*, db: Session, period: Period) -> dict[str, dict[str, float | None]]:
    query = select(
        C.received_month, func.count(), count_if(C.acknowledged_within_target.is_(True)),
        func.count(C.advised_at), count_if(C.advised_within_target.is_(True)), count_if(_overdue_open()),
    ).where(*received_in(period.start, period.end)).group_by(C.received_month)
    out: dict[str, dict[str, float | None]] = {}
    for month, total, ack_ok, advised, advised_ok, overdue in db.execute(query).all():
        out[month] = {"acknowledged": pct(ack_ok, total), "advised": pct(advised_ok, advised + overdue)}  # type: ignore[arg-type,index,operator]
    return out


def median_hours_by_month(*, db: Session, period: Period) -> dict[str, float]:
    where = received_in(period.start, period.end)
    if db.get_bind().dialect.name == "postgresql":
        query = (select(C.received_month, func.percentile_cont(0.5).within_group(C.working_hours_to_advice))
                 .where(*where, C.working_hours_to_advice.is_not(None)).group_by(C.received_month))
        return {m: rounded(v) for m, v in db.execute(query).all()}  # type: ignore[misc]
    return monthly_median(db, C.working_hours_to_advice, C.received_month, where)


def confidence_distribution(*, db: Session, period: Period) -> dict[str, dict[int, int]]:
    """How many practitioners rated their confidence 1..5 before and after advice."""
    F = ConsultationFeedback
    where = _feedback_in(period.start, period.end)
    return {
        "before": counts(db, F.confidence_before, where, keys=[str(n) for n in range(1, 6)]),  # type: ignore[dict-item]
        "after": counts(db, F.confidence_after, where, keys=[str(n) for n in range(1, 6)]),  # type: ignore[dict-item]
    }
