"""FAQ figures and series for the reports (declared in faq's contract): a question belongs to the
moment it was asked, feedback to the moment it was given."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult.reporting.periods import Period
from consult.reporting.sql import count_if, local_midnight, month_of_instant
from faq.models import FaqFeedback, FaqQuestion

Q = FaqQuestion


def faq_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    asked, unanswered, risk = db.execute(select(
        func.count(), count_if(Q.answered.is_(False)), count_if(Q.risk.is_(True)),
    ).where(Q.asked_at >= local_midnight(start), Q.asked_at < local_midnight(end))).one()
    helpful, not_helpful = db.execute(select(
        count_if(FaqFeedback.helpful.is_(True)), count_if(FaqFeedback.helpful.is_(False)),
    ).where(FaqFeedback.created_at >= local_midnight(start), FaqFeedback.created_at < local_midnight(end))).one()
    return {
        "faq_questions": asked,
        "faq_answered": asked - unanswered,  # type: ignore[operator]
        "faq_unanswered": unanswered,
        "faq_risk_handed_to_clinician": risk,
        "faq_answer_helpful": helpful,
        "faq_answer_not_helpful": not_helpful,
    }


def faq_series(*, db: Session, start: date, end: date) -> dict[str, dict[str, dict[str, int]]]:
    """{"faq_by_month": {"asked": {"2026-07": n}, "unanswered": {"2026-07": n}}} for the dashboard."""
    return {"faq_by_month": faq_by_month(db=db, period=Period(start, end, label=""))}


def faq_by_month(*, db: Session, period: Period) -> dict[str, dict[str, int]]:
    month = month_of_instant(Q.asked_at, period)
    query = (select(month, func.count(), count_if(Q.answered.is_(False)))
             .where(Q.asked_at >= period.start_at, Q.asked_at < period.end_at).group_by(month))
    out: dict[str, dict[str, int]] = {"asked": {}, "unanswered": {}}
    for m, asked, unanswered in db.execute(query).all():
        out["asked"][m], out["unanswered"][m] = asked, unanswered  # type: ignore[assignment,index]
    return out
