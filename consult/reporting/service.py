"""The reporting operations every transport calls (JSON API, pages, CLI): parse the period,
gather the figures, build the export, and audit it. No fastapi here."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.db import session_scope
from consult.privacy.audit import record_event
from consult.profiles import active_profile
from consult.reporting import exports, log
from consult.reporting.figures import quarterly_report
from consult.reporting.periods import quarter


def quarterly(*, db: Session, quarter_label: str) -> dict[str, Any]:
    """The quarterly figures; PeriodError for a malformed quarter."""
    return quarterly_report(db=db, period=quarter(quarter_label))


def quarterly_csv(*, db: Session, quarter_label: str, suppress: bool, actor: User | str) -> tuple[str, str]:
    """(file name, CSV text), with the export written to the audit log."""
    report = quarterly(db=db, quarter_label=quarter_label)
    text = exports.quarterly_csv(report, suppress=suppress, threshold=active_profile().reporting.small_count_threshold)
    record_event(db=db, actor=actor, action="export", record=f"report:quarterly:{report['quarter']}",
                 detail="quarterly return, small counts suppressed" if suppress else "quarterly return, unsuppressed")
    return f"pimh-quarterly-{report['quarter']}.csv", text


def consultations_csv(*, db: Session, filters: log.LogFilters, actor: User | str) -> tuple[str, Iterator[str]]:
    """(file name, lines) of the pseudonymised log. The lines are read in their own session so
    the export streams after the request's session has committed the audit event."""
    span = f"{filters.date_from or 'start'}..{filters.date_to or 'today'}"
    record_event(db=db, actor=actor, action="export", record=f"report:consultations:{span}",
                 detail="pseudonymised consultation log")

    def lines() -> Iterator[str]:
        with session_scope() as reader:
            yield from exports.log_csv(log.export_rows(db=reader, filters=filters))

    return f"pimh-consultations-{_name(filters.date_from)}-{_name(filters.date_to)}.csv", lines()


def _name(day: date | None) -> str:
    return day.isoformat() if day else "all"
