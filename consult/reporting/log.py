"""The consultation log as the reports use it: the consultations domain contributes it through its
contract (a consult.report_log.RecordLog named "consultations", whose SQL lives in that package);
reporting finds it here by that name, and decides who sees which rows."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.contract import installed
from consult.report_log import LogFilters, LogPage, RecordLog

__all__ = ["LogFilters", "LogPage", "choices", "consultation_log", "export_rows", "for_viewer", "log_page", "require"]

NAME = "consultations"


def consultation_log() -> RecordLog:
    """The installed consultation log; ContractError when no domain contributes it."""
    return installed().record_log(NAME)


def require() -> None:
    """At start-up: the reports' log pages need the consultation log, so its absence stops the app."""
    consultation_log()


def for_viewer(filters: LogFilters, viewer: User) -> LogFilters:
    """Managers and admins see every consultation; a clinician sees the ones they took on."""
    if viewer.has_role(Role.manager):
        return filters
    return replace(filters, clinician_id=viewer.id)


def log_page(*, db: Session, filters: LogFilters, page: int = 1) -> LogPage:
    return consultation_log().page(db=db, filters=filters, page=page)


def export_rows(*, db: Session, filters: LogFilters) -> Iterator[dict[str, Any]]:
    return consultation_log().export(db=db, filters=filters)


def choices(*, db: Session) -> dict[str, list[Any]]:
    return consultation_log().choices(db=db)
