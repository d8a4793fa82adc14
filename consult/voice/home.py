"""Complaints on the managers' home page (consult/home.py): those waiting to be acknowledged,
the nearest deadline first."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.home import HomeLine, HomePanel
from consult.voice import rules
from consult.voice.models import Complaint
from consult.workdays import WorkingCalendar


def complaints_due(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    if not viewer.has_role(Role.manager):
        return None
    waiting = list(db.scalars(select(Complaint).where(Complaint.status.in_(rules.AWAITING))
                              .order_by(Complaint.ack_deadline_at)))
    lines = []
    for c in waiting:
        state = rules.acknowledgement_state(now=now, status=c.status, due_soon_at=c.ack_due_soon_at,
                                            deadline=c.ack_deadline_at)
        lines.append(HomeLine("Complaint to acknowledge", f"/complaints/{c.reference}", c.reference,
                              f"by {c.acknowledge_by:%a %-d %b}", state))
    return HomePanel("Complaints to acknowledge", tuple(lines[:6]), empty="No complaint is waiting to be acknowledged.",
                     more=("/complaints", "All complaints"), order=20, lines_total=len(lines))
