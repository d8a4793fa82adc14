"""The providers of report figures: each package contributes one function returning a dict of
figures for a period, and the quarterly return, dashboard and annual statement merge them.

A provider is "module:function", called as `function(db=..., start=..., end=...)` with London
dates, [start, end). A provider whose module does not exist yet (a package not built in this
deployment) is skipped; any other error is a real bug and is raised. The referrals package adds
"consult.referrals.figures:referral_figures" here when it lands, and its figures
(`referrals`, `triaged_within_target_pct`, ...) then appear in every report with no other change.
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


def providers() -> list[Callable[..., dict]]:
    return [p for p in (_load(spec) for spec in FIGURE_PROVIDERS) if p is not None]


def period_figures(*, db: Session, period: Period) -> dict:
    """Every provider's figures for the period, in registry order, under one flat dict."""
    figures: dict = {}
    for provider in providers():
        figures.update(provider(db=db, start=period.start, end=period.end))
    return figures


def quarterly_report(*, db: Session, period: Period) -> dict:
    return {
        "quarter": period.label,
        "period_start": period.start.isoformat(),
        "period_end": period.last_day.isoformat(),
        **period_figures(db=db, period=period),
    }
