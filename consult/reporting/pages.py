"""Reporting pages: the landing page, the consultation log, the dashboard, the annual impact
statement, and CSV downloads for signed-in managers. GET forms only, so everything works
without JavaScript; parsing and wording here, figures from the services."""
from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consult import clock
from consult.core.types import parse_day, parse_id
from consult.deps import ClinicianPage, ManagerPage, ProfileDep, SessionDep
from consult.profiles import Profile
from consult.reporting import dashboard, labels, log, service
from consult.reporting.periods import (
    Period,
    PeriodError,
    date_range,
    financial_year,
    financial_year_of,
    previous_quarter,
    quarter,
    recent_quarters,
)
from consult.reporting.routes import csv_response
from consult.web import render

router = APIRouter(include_in_schema=False)


def _day(value: str, field: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except ValueError:
        errors[field] = "Enter a date like 2026-07-01."
        return None


def _choice(value: str, allowed: Collection[str], field: str, errors: dict[str, str], message: str) -> str | None:
    if not value:
        return None
    if value not in allowed:
        errors[field] = message
        return None
    return value


def _period(params: Mapping[str, str], errors: dict[str, str]) -> Period:
    """From ?quarter=2026Q3, or ?from=&to=, or the last twelve months by default."""
    if params.get("quarter"):
        try:
            return quarter(params["quarter"])
        except PeriodError as exc:
            errors["quarter"] = f"Choose a quarter: {exc}."
    start, end = _day(params.get("from", ""), "from", errors), _day(params.get("to", ""), "to", errors)
    today = clock.today_local()
    if start or end:
        try:
            return date_range(start or (end or today) - timedelta(days=364), end or today)
        except PeriodError as exc:
            errors["to"] = f"{exc}."
    year, month = (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
    return date_range(date(year, month, 1), today)


@router.get("/reports")
def landing(request: Request, user: ManagerPage) -> Response:
    last = previous_quarter()
    return render(request, "reporting/landing.html", {
        "quarters": recent_quarters(), "last_quarter": last.label,
        "year": financial_year_of(clock.today_local()) - 1,
    })


def _log_filters(params: Mapping[str, str], errors: dict[str, str], profile: Profile,
                 choices: dict[str, list[Any]]) -> log.LogFilters:
    clinician = params.get("clinician", "")
    clinician_id = None
    if clinician:
        if parse_id(clinician) in {i for i, _ in choices["clinicians"]}:
            clinician_id = int(clinician)
        else:
            errors["clinician"] = "Choose a clinician from the list."
    date_from, date_to = _day(params.get("from", ""), "from", errors), _day(params.get("to", ""), "to", errors)
    if date_from and date_to and date_to < date_from:
        errors["to"] = "The end date must be on or after the start date."
    return log.LogFilters(
        date_from=date_from, date_to=date_to,
        district=_choice(params.get("district", ""), profile.districts, "district", errors, "Choose a district from the list."),
        role=_choice(params.get("role", ""), choices["roles"], "role", errors, "Choose a role from the list."),
        organisation_type=_choice(params.get("organisation_type", ""), choices["organisation_types"], "organisation_type",
                                  errors, "Choose an organisation type from the list."),
        clinician_id=clinician_id,
        channel=_choice(params.get("channel", ""), labels.codes("channel"), "channel", errors,
                        "Choose a channel from the list."),
        outcome=_choice(params.get("outcome", ""), labels.codes("outcome"), "outcome", errors,
                        "Choose an outcome from the list."),
        thrive=_choice(params.get("thrive", ""), labels.codes("thrive"), "thrive", errors,
                       "Choose a THRIVE level from the list."),
        status=_choice(params.get("status", ""), labels.codes("status"), "status", errors,
                       "Choose a status from the list."),
    )


@router.get("/reports/log")
def log_page(request: Request, db: SessionDep, user: ClinicianPage, profile: ProfileDep) -> Response:
    params = request.query_params
    choices = log.choices(db=db)
    errors: dict[str, str] = {}
    filters = _log_filters(params, errors, profile, choices)
    shown = log.for_viewer(filters, user)
    page_number = min(parse_id(params.get("page")) or 1, 100_000)
    found = log.log_page(db=db, filters=shown, page=page_number)
    query = filters.as_query()
    return render(request, "reporting/log.html", {
        "filters": filters, "values": dict(params), "errors": errors, "found": found, "choices": choices,
        "labels": labels, "own_only": shown is not filters, "channels": tuple(labels.codes("channel")),
        "outcomes": tuple(labels.codes("outcome")), "thrive_levels": tuple(labels.codes("thrive")),
        "statuses": tuple(labels.codes("status")),
        "page_link": lambda n: "/reports/log?" + urlencode({**query, "page": n}),
        "download": "/reports/consultations.csv?" + urlencode(query),
    })


@router.get("/reports/dashboard")
def dashboard_page(request: Request, db: SessionDep, user: ManagerPage) -> Response:
    errors: dict[str, str] = {}
    period = _period(request.query_params, errors)
    board = dashboard.build(db=db, period=period)
    return render(request, "reporting/dashboard.html", {
        "board": board, "f": board.figures, "errors": errors, "values": dict(request.query_params),
        "quarters": recent_quarters(), "labels": labels,
    })


@router.get("/reports/annual")
def annual_page(request: Request, db: SessionDep, user: ManagerPage) -> Response:
    errors: dict[str, str] = {}
    this_year = financial_year_of(clock.today_local())
    raw = request.query_params.get("year", "")
    year = int(raw) if raw.isdigit() and this_year - 10 <= int(raw) <= this_year else this_year - 1
    if raw and str(year) != raw:
        errors["year"] = "Choose a year from the list."
    period = financial_year(year)
    to_date = period.end > clock.today_local()
    if to_date:  # the year in progress: up to today, and say so
        period = Period(period.start, clock.today_local() + timedelta(days=1), period.label)
    board = dashboard.build(db=db, period=period)
    return render(request, "reporting/annual.html", {
        "board": board, "f": board.figures, "year": year, "years": list(range(this_year, this_year - 4, -1)),
        "errors": errors, "to_date": to_date, "labels": labels,
    })


@router.get("/reports/quarterly.csv")
def quarterly_download(request: Request, db: SessionDep, user: ManagerPage, quarter: str = "",
                       suppress: str = "true") -> Response:
    try:
        name, text = service.quarterly_csv(db=db, quarter_label=quarter or previous_quarter().label,
                                           suppress=suppress != "false", actor=user)
    except PeriodError as exc:
        return render(request, "message.html", {"heading": "Choose a quarter", "message": f"{exc}."}, status_code=422)
    return csv_response(name, text)


@router.get("/reports/consultations.csv")
def log_download(request: Request, db: SessionDep, user: ManagerPage, profile: ProfileDep) -> Response:
    errors: dict[str, str] = {}
    filters = _log_filters(request.query_params, errors, profile, log.choices(db=db))
    if errors:
        return render(request, "message.html", {"heading": "Check the filters", "message": " ".join(errors.values())},
                      status_code=422)
    name, lines = service.consultations_csv(db=db, filters=filters, actor=user)
    return csv_response(name, lines)
