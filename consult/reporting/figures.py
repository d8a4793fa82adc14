"""The providers of report figures: each package contributes one function returning a dict of
figures for a period, and the quarterly return, dashboard and annual statement merge them.

A provider is "module:function", called as `function(db=..., start=..., end=...)` with London
dates, [start, end). A provider whose module does not exist yet (a package not built in this
deployment) is skipped; any other error is a real bug and is raised. The referrals package adds
"consult.referrals.figures:referral_figures" here, and its figures (`referrals`,
`triaged_within_target_pct`, ...) appear in every report with no other change.

SERIES_PROVIDERS work the same way for the charts of the dashboard and annual statement only:
each returns named month-by-month series (`{name: {group: {"2026-07": n}}}` or `{name: {"2026-07":
n}}`), counted in SQL, that the dashboard draws when it knows the name. They stay out of the
quarterly return, which is figures for the whole period.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from sqlalchemy.orm import Session

from consult.reporting.periods import Period

FIGURE_PROVIDERS: list[str] = [
    "consult.reporting.queries:consultation_figures",
    "consult.reporting.activity:booking_figures",
    "consult.reporting.activity:faq_figures",
    "consult.workforce.figures:workforce_figures",
    "consult.referrals.figures:referral_figures",
    "consult.telephony.figures:call_figures",
]
SERIES_PROVIDERS: list[str] = [
    "consult.referrals.series:referral_series",
    "consult.telephony.series:call_series",
]


def _load(spec: str) -> Callable[..., dict] | None:
    module_name, _, function = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None  # that package is not part of this deployment yet
        raise
    return getattr(module, function, None)


def providers(specs: list[str] | None = None) -> list[Callable[..., dict]]:
    return [p for p in (_load(spec) for spec in (FIGURE_PROVIDERS if specs is None else specs)) if p is not None]


def period_figures(*, db: Session, period: Period) -> dict:
    """Every provider's figures for the period, in registry order, under one flat dict."""
    figures: dict = {}
    for provider in providers():
        figures.update(provider(db=db, start=period.start, end=period.end))
    return figures


def period_series(*, db: Session, period: Period) -> dict:
    """Every series provider's month-by-month series for the period, under one dict."""
    series: dict = {}
    for provider in providers(SERIES_PROVIDERS):
        series.update(provider(db=db, start=period.start, end=period.end))
    return series


def quarterly_report(*, db: Session, period: Period) -> dict:
    return {
        "quarter": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.last_day.isoformat(),
        **period_figures(db=db, period=period),
    }
