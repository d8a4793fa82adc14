"""The report figures: each domain declares in its contract the functions that return its figures
for a period (`figures=(...)`), and the quarterly return, dashboard and annual statement merge them.

A provider is called as `function(db=..., start=..., end=...)` with London dates, [start, end), and
returns a flat dict of figures (plus `by_*` dicts for breakdowns). Referrals declare
`figures.referral_figures`, and its figures (`referrals`, `triaged_within_target_pct`, ...) appear
in every report with no other change. Reporting reads the other domains only through these.

Series providers (`series=(...)`) work the same way for the charts of the dashboard and annual
statement only: each returns named month-by-month series (`{name: {group: {"2026-07": n}}}` or
`{name: {"2026-07": n}}`), counted in SQL, that the dashboard draws when it knows the name. They
stay out of the quarterly return, which is figures for the whole period.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from consult.contract import FigureProvider, installed
from consult.reporting.periods import Period


def providers() -> list[FigureProvider]:
    """The figure providers of the installed contracts, in contract order."""
    return installed().figures


def period_figures(*, db: Session, period: Period) -> dict[str, Any]:
    """Every provider's figures for the period, in contract order, under one flat dict."""
    figures: dict[str, Any] = {}
    for provider in providers():
        figures.update(provider(db=db, start=period.start, end=period.end))
    return figures


def period_series(*, db: Session, period: Period) -> dict[str, Any]:
    """Every series provider's month-by-month series for the period, under one dict."""
    series: dict[str, Any] = {}
    for provider in installed().series:
        series.update(provider(db=db, start=period.start, end=period.end))
    return series


def quarterly_report(*, db: Session, period: Period) -> dict[str, Any]:
    return {
        "quarter": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.last_day.isoformat(),
        **period_figures(db=db, period=period),
    }
