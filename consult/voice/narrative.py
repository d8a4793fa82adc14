"""The quarter's narrative: the manager's commentary beside the figures, saved with who and when.

Stored encrypted (a story may be told too closely); wherever it is shown in a report it passes
through redact_people first, so a name or number typed by mistake does not leave the service.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.privacy.audit import Action, record_event
from consult.privacy.redact import redact_people
from consult.reporting.periods import Period, PeriodError, quarter, quarter_of
from consult.voice.errors import InvalidInput, NotAllowed
from consult.voice.models import ReportNarrative

MAX_TEXT = 12000


def parse_quarter(label: str) -> Period:
    try:
        return quarter((label or "").strip().upper())
    except PeriodError as exc:
        raise InvalidInput("quarter", str(exc)) from None


def get(*, db: Session, label: str) -> ReportNarrative | None:
    return db.scalar(select(ReportNarrative).where(ReportNarrative.quarter == parse_quarter(label).label))


def save(*, db: Session, label: str, text: str, manager: User) -> ReportNarrative:
    if not manager.has_role(Role.manager):
        raise NotAllowed("only managers write the quarter's narrative")
    period = parse_quarter(label)
    body = (text or "").strip()
    if len(body) > MAX_TEXT:
        raise InvalidInput("text", f"keep it under {MAX_TEXT} characters")
    found = db.scalar(select(ReportNarrative).where(ReportNarrative.quarter == period.label).with_for_update())
    if found is None:
        try:
            with db.begin_nested():  # two managers saving a new quarter at once: the second updates
                found = ReportNarrative(quarter=period.label, text=body, updated_at=clock.now(),
                                        updated_by_id=manager.id)
                db.add(found)
        except IntegrityError:
            found = db.scalar(select(ReportNarrative).where(ReportNarrative.quarter == period.label).with_for_update())
            if found is None:  # the row that refused ours is locked above: it cannot have gone
                raise RuntimeError(f"the narrative for {period.label} was refused as a duplicate but is not there") from None
    if found is not None:
        found.text, found.updated_at, found.updated_by_id = body, clock.now(), manager.id
    db.flush()
    record_event(db=db, actor=manager, action=Action.update, record=f"report:narrative:{period.label}",
                 detail="quarter's narrative saved")
    return found


def for_period(*, db: Session, start: date, end: date) -> str | None:
    """The narratives of the quarters that begin inside [start, end) (a year in progress includes
    the quarter in progress), redacted, each under its quarter's name when there are several (the
    annual statement); None when none is written."""
    labels, day = [], start
    while day < end:
        period = quarter(quarter_of(day))
        if period.start >= start:
            labels.append(period.label)
        day = period.end
    rows = {r.quarter: r.text for r in db.scalars(select(ReportNarrative).where(ReportNarrative.quarter.in_(labels)))}
    written = [(label, redact_people(rows[label])) for label in labels if rows.get(label)]
    if not written:
        return None
    if len(labels) == 1:
        return written[0][1]
    return "\n\n".join(f"{label}\n{text}" for label, text in written)
