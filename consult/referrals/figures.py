"""Referral figures for the quarterly return, dashboard and annual statement (a figure provider in
consult.reporting.figures). Demand counts every referral received in [start, end), declined ones
included; rates are shares of the referrals they are about; before/after screening change uses
pairs (assessment and end of intervention) and is withheld when pairs are fewer than the profile's
small-count threshold, because a mean over two or three families could identify them.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from consult.clock import LONDON
from consult.profiles import active_profile
from consult.referrals.models import Referral, ReferralScore

# (figure name prefix, ReferralScore column): each gives <prefix>_pairs, _before_mean, _after_mean, _change.
SCORES = (("phq9", "phq9_total"), ("gad7", "gad7_total"), ("mors_warmth", "mors_warmth"),
          ("mors_invasion", "mors_invasion"))


def _pct(part: Any, whole: Any) -> float | None:  # SQL counts (None when no rows)
    return round(100 * (part or 0) / whole, 1) if whole else None


def referral_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    received = and_(Referral.received_on >= start, Referral.received_on < end)
    row = db.execute(select(
        func.count(Referral.id),
        func.count(Referral.triaged_at),
        func.sum(case((Referral.triaged_within_target.is_(True), 1), else_=0)),
        func.sum(case((Referral.triage_outcome.in_(("eligible", "not_eligible")), 1), else_=0)),
        func.sum(case((Referral.triage_outcome == "eligible", 1), else_=0)),
        func.sum(case((Referral.triage_outcome == "not_eligible", 1), else_=0)),
    ).where(received)).one()
    total, triaged, within, decided, eligible, declined = (int(v or 0) for v in row)
    started_in = and_(Referral.intervention_started_on >= start, Referral.intervention_started_on < end)
    started, started_within = db.execute(select(
        func.count(Referral.id), func.sum(case((Referral.intervention_started_within_target.is_(True), 1), else_=0)),
    ).where(started_in)).one()
    return {
        "referrals": total,
        "referrals_triaged": triaged,
        "triaged_within_target_pct": _pct(within, triaged),
        "eligible_pct": _pct(eligible, decided),
        "referrals_declined": declined,
        "interventions_started": int(started or 0),  # type: ignore[call-overload]
        "intervention_started_within_target_pct": _pct(started_within, started),
        "referrals_by_source": _by(db, Referral.source, received),
        "referrals_by_district": _by(db, Referral.district, received),
        **screening_change(db=db, start=start, end=end),
    }


def _by(db: Session, column: InstrumentedAttribute[str], where: ColumnElement[bool]) -> dict[str, int]:
    rows = db.execute(select(column, func.count()).where(where).group_by(column).order_by(column))
    return {key: count for key, count in rows}


def screening_change(*, db: Session, start: date, end: date) -> dict[str, Any]:
    """Paired screening scores for referrals closed in the period: for each measure, how many
    families have it at both assessment and end of intervention, their mean at each stage and
    the mean change (end minus assessment), all over that measure's own pairs. A measure's means
    are withheld (None) when its pairs are fewer than the profile's small-count threshold: scores
    are optional, so one measure can have fewer pairs than another."""
    before, after = aliased(ReferralScore), aliased(ReferralScore)
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    aggregates = [func.count(Referral.id)]
    for _, column in SCORES:
        first, last = getattr(before, column), getattr(after, column)
        both = and_(first.is_not(None), last.is_not(None))
        aggregates += [func.count(case((both, 1))), func.avg(case((both, first))), func.avg(case((both, last))),  # type: ignore[list-item]
                       func.avg(last - first)]  # type: ignore[list-item]  # NULL when either is missing, so AVG skips it
    row = db.execute(
        select(*aggregates).select_from(Referral)
        .join(before, and_(before.referral_id == Referral.id, before.stage == "assessment"))
        .join(after, and_(after.referral_id == Referral.id, after.stage == "end_of_intervention"))
        .where(Referral.closed_at >= lo, Referral.closed_at < hi)).one()
    threshold = active_profile().reporting.small_count_threshold
    out: dict[str, Any] = {"screening_pairs": row[0]}
    for n, (name, _) in enumerate(SCORES):
        pairs, *means = row[1 + 4 * n: 5 + 4 * n]
        shown = pairs >= threshold
        out[f"{name}_pairs"] = pairs
        for suffix, value in zip(("before_mean", "after_mean", "change"), means, strict=False):
            out[f"{name}_{suffix}"] = round(float(value), 2) if shown and value is not None else None
    return out
