"""The managers' reminder for complaints waiting to be acknowledged: once when due soon, once when
overdue. Each reminder is recorded in sent_notices (the consultations' once-only record) in the
transaction that queues it, so a second run or a second worker sends nothing twice. The notice
holds the reference and the date only, never what the complaint says."""
from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult import clock, notify
from consult.auth.models import Role, User
from consult.consultations.jobs import record_once
from consult.consultations.rules import DUE_SOON, OVERDUE
from consult.core.calendar import calendar_for
from consult.db import session_scope
from consult.jobs import scheduled
from consult.notify import Notice, Recipient
from consult.privacy.audit import Action, record_event
from consult.voice import rules
from consult.voice.models import Complaint
from consult.voice.service import add_event

log = structlog.get_logger(__name__)
WORDS = {DUE_SOON: "is due to be acknowledged", OVERDUE: "is past its acknowledgement date"}


def remind(*, db: Session, now: datetime) -> int:
    """Remind every manager of each waiting complaint that has become due soon or overdue."""
    if not calendar_for(db).is_open(now):
        return 0
    waiting = db.scalars(select(Complaint).where(
        Complaint.status.in_(rules.AWAITING),
        or_(Complaint.ack_due_soon_at <= now, Complaint.ack_deadline_at <= now)).order_by(Complaint.ack_deadline_at))
    managers = list(db.scalars(select(User).where(User.role == Role.manager, User.active.is_(True))))
    sent = 0
    for c in waiting:
        state = rules.acknowledgement_state(now=now, status=c.status, due_soon_at=c.ack_due_soon_at,
                                            deadline=c.ack_deadline_at)
        if state not in WORDS or not record_once(db=db, key=f"complaint:{c.reference}:{state}", kind=f"complaint_{state}"):
            continue
        text = f"Complaint {c.reference} {WORDS[state]}: acknowledge by {c.acknowledge_by:%A %-d %B}."
        for manager in managers:
            notify.queue(db, Notice(kind=f"complaint_{state}", subject=f"Complaint {c.reference}", text=text,
                                    recipient=Recipient.for_user(manager), reference=c.reference,
                                    link=f"/complaints/{c.reference}",
                                    data={"acknowledge_by": c.acknowledge_by.isoformat(), "state": state}))
            sent += 1
        add_event(db=db, complaint=c, kind=f"reminded_{state}", actor=None, detail=f"{len(managers)} managers reminded")
        record_event(db=db, actor="complaint reminders", action=Action.update, record=c.reference,
                     detail=f"reminder: {state.replace('_', ' ')}")
    db.flush()
    return sent


@scheduled("complaints.remind", description="Remind managers of complaints due soon or overdue for acknowledgement",
           cron={"day_of_week": "mon-fri", "hour": "9-16", "minute": "*/15"})
def remind_job() -> dict[str, int]:
    with session_scope() as db:
        result = {"reminders": remind(db=db, now=clock.now())}
    log.info("complaints_remind", **result)
    return result
