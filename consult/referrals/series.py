"""Month-by-month referral series for the dashboard's and annual statement's charts (a series
provider in consult.reporting.figures). Counted in SQL and grouped by month there; only the
grouped rows come back to Python.

A referral declined at triage is counted once, under "declined" and not under its source, so a
month's stacked bar (each source plus declined) is exactly the referrals received that month and
the declined share is visible at a glance.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, extract, func, select
from sqlalchemy.orm import Session

from consult.referrals.models import Referral


def referral_series(*, db: Session, start: date, end: date) -> dict[str, dict[str, Any]]:
    """{"referrals_by_source": {source code: {"2026-07": n}}, "referrals_declined": {"2026-07": n}}
    for referrals received in [start, end) (London dates, as `received_on` is stored)."""
    year, month = extract("year", Referral.received_on), extract("month", Referral.received_on)
    declined = Referral.triage_outcome == "not_eligible"
    query = (select(Referral.source, year, month, func.count(), func.count(case((declined, 1))))
             .where(and_(Referral.received_on >= start, Referral.received_on < end))
             .group_by(Referral.source, year, month))
    by_source: dict[str, dict[str, int]] = {}
    refused: dict[str, int] = {}
    for source, y, m, received, turned_down in db.execute(query).all():
        key = f"{int(y):04d}-{int(m):02d}"  # PostgreSQL's EXTRACT is numeric, SQLite's an integer
        kept = received - turned_down  # not "NOT declined": that is NULL, so uncounted, before triage
        if kept:
            by_source.setdefault(source, {})[key] = kept
        if turned_down:
            refused[key] = refused.get(key, 0) + turned_down
    return {"referrals_by_source": by_source, "referrals_declined": refused}
