"""The duty rota: clinicians on triage each working day, and offering new requests to them."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations.models import OPEN_STATUSES, Consultation, DutyRota
from consult.consultations.rules import least_loaded
from consult.privacy.audit import record_event
from consult.workdays import WorkingCalendar


def set_duty(*, db: Session, day: date, clinicians: Iterable[User], actor: User | str | None = None) -> list[User]:
    """Replace the duty list for one day (order is kept as the tie-break order).

    Audited: who is on duty decides who is offered each new request, so a change must be traceable.
    The detail is a count, not names, like every other audit detail."""
    people = list(clinicians)
    for person in people:
        if not person.has_role(Role.clinician):
            raise ValueError("only clinicians can be on triage duty")
    db.execute(delete(DutyRota).where(DutyRota.day == day))
    db.add_all(DutyRota(day=day, clinician_id=p.id) for p in people)
    db.flush()
    record_event(db=db, actor=actor, action="update", record=f"duty-rota:{day.isoformat()}",
                 detail=f"{len(people)} clinician(s) on duty")
    return people


def duty_for(*, db: Session, day: date) -> list[User]:
    query = (select(User).join(DutyRota, DutyRota.clinician_id == User.id)
             .where(DutyRota.day == day, User.active.is_(True)).order_by(DutyRota.id))
    return list(db.scalars(query))


def open_loads(*, db: Session) -> dict[int, int]:
    """Everything each clinician holds: their open consultations plus the other work the domain
    contracts declare (`loads`, e.g. the pathway's allocated referrals), for the least-loaded offer."""
    from consult.contract import installed

    loads = consultation_loads(db=db)
    for provider in installed().loads:
        for user_id, count in provider(db=db).items():
            loads[user_id] = loads.get(user_id, 0) + count
    return loads


def consultation_loads(*, db: Session) -> dict[int, int]:
    """Open requests per clinician: those they have claimed, plus those offered to them unclaimed."""
    holder = func.coalesce(Consultation.claimed_by_id, Consultation.offered_to_id)
    rows = db.execute(select(holder, func.count()).where(Consultation.status.in_(OPEN_STATUSES), holder.is_not(None))
                      .group_by(holder))
    return {user_id: count for user_id, count in rows}


def duty_day(calendar: WorkingCalendar, instant: datetime) -> date:
    """The working day whose triage covers `instant`: today if open or yet to open, else the next one."""
    return calendar.local(calendar.next_opening(instant)).date()


def offer_to_duty(*, db: Session, consultation: Consultation, calendar: WorkingCalendar) -> User | None:
    duty = duty_for(db=db, day=duty_day(calendar, consultation.received_at))
    chosen_id = least_loaded([u.id for u in duty], open_loads(db=db))
    if chosen_id is None:
        return None
    consultation.offered_to_id = chosen_id
    consultation.offered_at = clock.now()
    return next(u for u in duty if u.id == chosen_id)
