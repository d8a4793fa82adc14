"""Referral figures for the quarterly return, dashboard and annual statement (a figure provider in
consult.reporting.figures). Demand counts every referral received in [start, end), declined ones
included; rates are shares of the referrals they are about; before/after screening change uses
pairs (assessment and end of intervention) and is withheld when pairs are fewer than the profile's
small-count threshold, because a mean over two or three families could identify them.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from consult.clock import LONDON
from consult.profiles import active_profile
from consult.referrals.models import Referral, ReferralScore

SCORES = (("phq9_change", "phq9_total"), ("gad7_change", "gad7_total"), ("mors_warmth_change", "mors_warmth"),
          ("mors_invasion_change", "mors_invasion"))


def _pct(part, whole) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def referral_figures(*, db: Session, start: date, end: date) -> dict:
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
        "interventions_started": int(started or 0),
        "intervention_started_within_target_pct": _pct(started_within, started),
        "referrals_by_source": _by(db, Referral.source, received),
        "referrals_by_district": _by(db, Referral.district, received),
        **screening_change(db=db, start=start, end=end),
    }


def _by(db: Session, column, where) -> dict[str, int]:
    rows = db.execute(select(column, func.count()).where(where).group_by(column).order_by(column))
    return {key: count for key, count in rows}


def screening_change(*, db: Session, start: date, end: date) -> dict:
    """Mean change (end of intervention minus assessment) for referrals closed in the period."""
    before, after = aliased(ReferralScore), aliased(ReferralScore)
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    joined = (select(Referral.id).join(before, and_(before.referral_id == Referral.id, before.stage == "assessment"))
              .join(after, and_(after.referral_id == Referral.id, after.stage == "end_of_intervention"))
              .where(Referral.closed_at >= lo, Referral.closed_at < hi))
    pairs = db.scalar(select(func.count()).select_from(joined.subquery())) or 0
    threshold = active_profile().reporting.small_count_threshold
    out: dict = {"screening_pairs": pairs}
    for name, column in SCORES:
        if pairs < threshold:
            out[name] = None
            continue
        change = getattr(after, column) - getattr(before, column)
        value = db.scalar(joined.with_only_columns(func.avg(change)).where(
            getattr(after, column).is_not(None), getattr(before, column).is_not(None)))
        out[name] = None if value is None else round(float(value), 2)
    return out
