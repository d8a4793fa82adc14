"""The consultation log (a consult.report_log.RecordLog this package's contract declares): filtered,
paginated rows for the reports' log page and the pseudonymised CSV. Filtering and counting happen in
SQL; a page never loads more than one page of rows. No name, email, phone number, case summary,
advice or comment is ever selected."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from consult.auth.models import Role, User
from consult.consultations import labels as words
from consult.consultations.models import OPEN_STATUSES, Consultation
from consult.consultations.report_figures import NOT_RECORDED
from consult.paging import page_count
from consult.report_log import LogFilters, LogPage, RecordLog

C = Consultation
PER_PAGE = 50


def _query(filters: LogFilters) -> Select[Consultation]:
    query = select(C)
    if filters.date_from:
        query = query.where(C.received_on >= filters.date_from)
    if filters.date_to:
        query = query.where(C.received_on <= filters.date_to)
    for value, column in ((filters.district, C.district), (filters.organisation_type, C.organisation_type),
                          (filters.channel, C.channel), (filters.outcome, C.recommendation),
                          (filters.thrive, C.thrive)):
        if value:
            query = query.where(column == value)
    if filters.role:
        query = query.where(C.practitioner_role.is_(None) if filters.role == NOT_RECORDED
                            else C.practitioner_role == filters.role)
    if filters.clinician_id:
        query = query.where(or_(C.claimed_by_id == filters.clinician_id, C.advised_by_id == filters.clinician_id))
    if filters.status == "open":
        query = query.where(C.status.in_(OPEN_STATUSES))
    elif filters.status:
        query = query.where(C.status == filters.status)
    return query


def log_page(*, db: Session, filters: LogFilters, page: int = 1, per_page: int = PER_PAGE) -> LogPage:
    query = _query(filters)
    total = db.scalar(select(func.count()).select_from(query.with_only_columns(C.id).subquery())) or 0
    page = min(max(1, page), page_count(total, per_page))
    clinician = aliased(User)
    rows = db.execute(
        query.with_only_columns(
            C.reference, C.received_at, C.district, C.practitioner_role, C.organisation_type, C.channel, C.status,
            C.recommendation, C.thrive, C.working_hours_to_advice, C.advised_within_target, C.urgency,
            clinician.name.label("clinician"),
        ).outerjoin(clinician, clinician.id == func.coalesce(C.advised_by_id, C.claimed_by_id))
        .order_by(C.received_at.desc(), C.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).mappings().all()
    return LogPage([dict(r) for r in rows], total, page, per_page)


def export_rows(*, db: Session, filters: LogFilters, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every matching row's non-identifying columns, oldest first, fetched in batches."""
    query = _query(filters).with_only_columns(
        C.reference, C.received_at, C.acknowledged_at, C.advised_at, C.closed_at, C.status, C.district,
        C.practitioner_role, C.organisation_type, C.channel, C.urgency, C.recommendation, C.thrive, C.cluster,
        C.working_hours_to_acknowledge, C.working_hours_to_advice, C.acknowledged_within_target,
        C.advised_within_target,
    ).order_by(C.received_at, C.id).execution_options(yield_per=batch)
    for row in db.execute(query).mappings():
        yield dict(row)


def choices(*, db: Session) -> dict[str, list[Any]]:
    """Values for the filter menus: what is actually in the data, plus the clinicians."""
    def distinct(column: InstrumentedAttribute[str | None]) -> list[str]:
        return sorted(v for v in db.scalars(select(column).distinct()) if v)

    clinicians = db.execute(select(User.id, User.name).where(User.role == Role.clinician).order_by(User.name)).all()
    return {
        "roles": distinct(C.practitioner_role) + [NOT_RECORDED],
        "organisation_types": distinct(C.organisation_type),
        "clinicians": [(i, n) for i, n in clinicians],
    }


# The consultation pages' own words, so the log and the timeline say the same thing; "open" is the
# log's filter for every status still waiting or with a clinician.
LOG = RecordLog(
    name="consultations",
    page=log_page,
    export=export_rows,
    choices=choices,
    codes={"channel": words.CHANNELS, "outcome": words.RECOMMENDATIONS, "thrive": words.THRIVE,
           "status": {"open": "Open (waiting or with a clinician)", **words.STATUSES}},
)
