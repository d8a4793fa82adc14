"""The consultations' home-page panels (consult/home.py): a practitioner's open requests, the
clinician's claimed requests and what is due soon or overdue across the whole queue, and the
managers' overdue counts. Lines carry references, districts and times only, never a family."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from consult import queue as clinician_queue
from consult.auth.models import Role, User
from consult.consultations import labels, rules, service
from consult.consultations.models import Consultation
from consult.home import HomeFigure, HomeLine, HomePanel
from consult.workdays import WorkingCalendar

SHOWN = 6  # lines per panel; the full list is one link away


def _state(c: Consultation, now: datetime) -> str:
    return rules.clock_state(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by)


def _line(c: Consultation, now: datetime, calendar: WorkingCalendar, *, for_clinician: bool) -> HomeLine:
    words = "Urgent consultation request" if c.urgency == "urgent" else "Consultation request"
    if for_clinician:
        note = rules.time_left_words(calendar, now=now, respond_by=c.respond_by)
    else:
        note = f"{labels.STATUSES[c.status]} · reply by {calendar.local(c.respond_by):%a %-d %b %H:%M}"
    return HomeLine(f"{words} · {c.district}", f"/consultations/{c.reference}", c.reference, note,
                    _state(c, now) if for_clinician else None)


def my_requests(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """A practitioner's open consultation requests, newest first."""
    if viewer.has_role(Role.clinician):
        return None
    mine = service.list_for_viewer(db=db, viewer=viewer, status="open", limit=50)
    return HomePanel("Your open consultation requests",
                     tuple(_line(c, now, calendar, for_clinician=False) for c in mine[:SHOWN]),
                     empty="None open. Advice you have been given stays in your requests.",
                     more=("/consultations", "All your requests and the advice given"), order=10,
                     lines_total=len(mine))


def _open_queue(db: Session) -> list[Consultation]:
    return service.open_queue(db=db)


def claimed_by_me(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """The requests this clinician has claimed and not yet advised on, least time left first."""
    if not viewer.has_role(Role.clinician):
        return None
    mine = [c for c in _open_queue(db) if c.claimed_by_id == viewer.id]
    if not mine and viewer.has_role(Role.manager):
        return None  # a manager who holds nothing needs no empty panel
    return HomePanel("Claimed by you", tuple(_line(c, now, calendar, for_clinician=True) for c in mine[:SHOWN]),
                     empty="Nothing claimed. Claim a request from the queue to answer it.",
                     more=("/consultations", "The consultation queue"), order=10, lines_total=len(mine))


def _due_rows(db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> list[tuple[Any, HomeLine]]:
    rows: list[tuple[Any, HomeLine]] = []
    for c in _open_queue(db):
        state = _state(c, now)
        if state in (rules.DUE_SOON, rules.OVERDUE):
            rows.append((rules.queue_order(c.urgency, c.respond_by), _line(c, now, calendar, for_clinician=True)))
    for item in clinician_queue.queue_items(db=db, calendar=calendar, now=now, viewer=viewer):
        if item.state in (rules.DUE_SOON, rules.OVERDUE):
            rows.append((item.sort_key(), HomeLine(f"{item.label} · {item.district}", item.link, item.reference,
                                                   item.left, item.state)))
    return sorted(rows, key=lambda row: row[0])


def due_in_the_queue(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """For a clinician: everything in the combined queue that is due soon or overdue."""
    if not viewer.has_role(Role.clinician) or viewer.has_role(Role.manager):
        return None
    due = [line for _, line in _due_rows(db, viewer, now, calendar)]
    return HomePanel("Due soon or overdue in the queue", tuple(due[:SHOWN]),
                     empty="Nothing in the queue is due soon or overdue.",
                     more=("/consultations", "The whole queue"), order=20, lines_total=len(due))


def overdue_counts(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    """For a manager: how much of the queue is overdue or due soon, by kind, and what nobody has claimed."""
    if not viewer.has_role(Role.manager):
        return None
    queue = _open_queue(db)
    states = [_state(c, now) for c in queue]
    figures = [HomeFigure("consultations overdue", states.count(rules.OVERDUE), "/consultations?kind=consultation",
                          rules.OVERDUE),
               HomeFigure("consultations due soon", states.count(rules.DUE_SOON), "/consultations?kind=consultation"),
               HomeFigure("consultations not claimed", sum(1 for c in queue if c.claimed_by_id is None),
                          "/consultations?clinician=none")]
    overdue_by_kind: dict[str, tuple[str, int]] = {}
    for item in clinician_queue.queue_items(db=db, calendar=calendar, now=now, viewer=viewer):
        label, count = overdue_by_kind.get(item.kind, (item.label, 0))
        overdue_by_kind[item.kind] = (label, count + (item.state == rules.OVERDUE))
    figures += [HomeFigure(f"{label.lower()}: overdue", count, f"/consultations?kind={kind}", rules.OVERDUE)
                for kind, (label, count) in overdue_by_kind.items()]
    return HomePanel("The queue today", figures=tuple(figures), more=("/consultations", "The consultation queue"),
                     order=10)
