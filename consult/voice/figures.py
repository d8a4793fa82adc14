"""Report figures (providers in consult.reporting.figures) for complaints, compliments, families'
feedback and the quarter's narrative.

A complaint counts as received in the period of its received_on; its outcome in the period it
was closed. The acknowledgement rate is over complaints received in the period that have been
acknowledged or are still waiting past their acknowledge-by day (those count as missed), as the
consultations' advice rate counts requests open past their limit; one withdrawn before it was
acknowledged is in neither. The positive share of the
Friends and Family Test is very good or good of those who gave a rating other than "don't know".
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import QueryableAttribute, Session

from consult import clock
from consult.voice import narrative
from consult.voice.models import OUTCOMES, RATINGS, SOURCES, Complaint, Compliment, FamilyFeedback


def _pct(part: int | None, whole: int) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def _counts(db: Session, column: QueryableAttribute[str | None], where: ColumnElement[bool],
            keys: tuple[str, ...]) -> dict[str, int]:
    found: dict[str | None, int] = dict(db.execute(select(column, func.count()).where(where).group_by(column)).all())
    return {key: int(found.get(key, 0)) for key in keys}


def voice_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    received = and_(Complaint.received_on >= start, Complaint.received_on < end)
    today = clock.today_local()
    row = db.execute(select(
        func.count(Complaint.id),
        func.count(Complaint.acknowledged_on),
        func.sum(case((Complaint.acknowledged_within_target.is_(True), 1), else_=0)),
        func.sum(case((and_(Complaint.status == "received", Complaint.acknowledge_by < today), 1), else_=0)),
    ).where(received)).one()
    total, acknowledged, within, late_open = (int(v or 0) for v in row)
    closed = and_(Complaint.closed_on >= start, Complaint.closed_on < end)
    outcomes = _counts(db, Complaint.outcome, closed, OUTCOMES)
    ratings = _counts(db, FamilyFeedback.rating, and_(FamilyFeedback.given_on >= start, FamilyFeedback.given_on < end),
                      RATINGS)
    rated = sum(n for rating, n in ratings.items() if rating != "dont_know")
    compliments = db.scalar(select(func.count(Compliment.id)).where(
        Compliment.received_on >= start, Compliment.received_on < end)) or 0
    return {
        "complaints_received": total,
        "complaints_acknowledged": acknowledged,
        "complaints_open_past_acknowledgement": late_open,
        "complaints_acknowledged_within_target_pct": _pct(within, acknowledged + late_open),
        "complaints_closed": sum(outcomes.values()),
        "complaints_upheld": outcomes["upheld"],
        "complaints_partly_upheld": outcomes["partly_upheld"],
        "complaints_by_source": _counts(db, Complaint.source, received, SOURCES),
        "complaints_by_outcome": outcomes,
        "compliments_received": int(compliments),
        "family_feedback_responses": sum(ratings.values()),
        "family_feedback_rated": rated,
        "family_feedback_positive_pct": _pct(ratings["very_good"] + ratings["good"], rated),
        "family_feedback_by_rating": ratings,
        "narrative": narrative.for_period(db=db, start=start, end=end),
    }
