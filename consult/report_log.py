"""A record log the reports list, filter and export: the kind of contribution a domain declares in
its contract (`record_logs=(...)`) when its records are listed one by one on the reports pages.

The consultations domain contributes the consultation log (consult/consultations/report_log.py):
the SQL over its own tables stays in its package, and reporting reaches it only through this shape,
by the log's name. A log never returns a name, email, phone number, case summary, advice or comment.
This module is the core: it knows no domain.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from consult.contract import ContractError
from consult.paging import page_count

# The code lists a log's filters and pages use, each {code: words} in the order the menus show them.
CODE_KINDS = ("channel", "outcome", "thrive", "status")


@dataclass(frozen=True)
class LogFilters:
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    district: str | None = None
    role: str | None = None
    organisation_type: str | None = None
    clinician_id: int | None = None
    channel: str | None = None
    outcome: str | None = None
    thrive: str | None = None
    status: str | None = None  # a status, or "open"

    def as_query(self) -> dict[str, str]:
        """Non-empty filters as query parameters (for pagination and download links)."""
        names = {"date_from": "from", "date_to": "to"}
        return {names.get(f.name, f.name): str(getattr(self, f.name)) for f in fields(self)
                if getattr(self, f.name) not in (None, "")}


@dataclass(frozen=True)
class LogPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return page_count(self.total, self.per_page)


class PageReader(Protocol):
    def __call__(self, *, db: Session, filters: LogFilters, page: int = ..., per_page: int = ...) -> LogPage: ...


class RowExporter(Protocol):
    def __call__(self, *, db: Session, filters: LogFilters) -> Iterator[dict[str, Any]]: ...


class ChoiceReader(Protocol):
    def __call__(self, *, db: Session) -> dict[str, list[Any]]: ...


@dataclass(frozen=True)
class RecordLog:
    """`page(db=, filters=, page=, per_page=)` one page of rows, newest first, counted in SQL;
    `export(db=, filters=)` every matching row's non-identifying columns, oldest first, streamed;
    `choices(db=)` the values in the data for the filter menus ("roles", "organisation_types",
    "clinicians" as (id, name)); `codes` the words for each of CODE_KINDS."""

    name: str
    page: PageReader
    export: RowExporter
    choices: ChoiceReader
    codes: Mapping[str, Mapping[str, str]]

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ContractError(f"a record log needs a name, got {self.name!r}")
        for what in ("page", "export", "choices"):
            value: Callable[..., Any] | str = getattr(self, what)
            if isinstance(value, str) or not callable(value):
                raise ContractError(f"record log {self.name!r}: {what} must be a function (the object itself, "
                               f"not its name), got {value!r}")
        codes = self.codes if isinstance(self.codes, Mapping) else {}
        missing = [kind for kind in CODE_KINDS if not isinstance(codes.get(kind), Mapping)]
        if missing:
            raise ContractError(f"record log {self.name!r}: codes must give {{code: words}} for each of "
                           f"{', '.join(CODE_KINDS)}; missing {', '.join(missing)}")
