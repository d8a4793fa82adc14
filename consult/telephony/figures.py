"""The line's figures for the quarterly return, dashboard and annual statement (a figure provider in
consult.reporting.figures), each a SQL aggregate over calls started in [start, end) (London dates).

`calls_answered_pct` is of the calls made while the line was open (answered + missed): a call out of
hours could not have been answered, and is counted in `calls_out_of_hours` instead.
`callbacks_within_target_pct` is of the call-backs due in the period that were made, plus those
still not made past their limit, so a call-back nobody made counts against the service.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.reporting.sql import count_if, local_midnight, median, pct
from consult.telephony.models import PhoneCall as P


def started_in(start: date, end: date) -> list[ColumnElement[bool]]:
    return [P.started_at >= local_midnight(start), P.started_at < local_midnight(end)]


def call_figures(*, db: Session, start: date, end: date) -> dict[str, int | float | None]:
    where = started_in(start, end)
    now = clock.now()
    late_and_open = and_(P.called_back_at.is_(None), P.callback_due <= now)
    row = db.execute(select(
        func.count(P.id), count_if(P.status == "answered"), count_if(P.status.in_(("missed", "voicemail"))),
        count_if(P.status == "out_of_hours"), count_if(P.called_back_at.is_not(None)),
        count_if(P.callback_within_target.is_(True)), count_if(late_and_open),
    ).where(*where)).one()
    received, answered, missed, closed, made, on_time, overdue = (int(v or 0) for v in row)
    return {
        "calls_received": received,
        "calls_answered": answered,
        "calls_missed": missed,
        "calls_out_of_hours": closed,
        "calls_answered_pct": pct(answered, answered + missed),
        "callbacks_made": made,
        "callbacks_within_target_pct": pct(on_time, made + overdue),
        "median_working_hours_to_callback": median(db, P.working_hours_to_callback, where),
    }
