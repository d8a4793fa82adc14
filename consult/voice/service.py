"""Complaints: record, read (audited), acknowledge, investigate, close; and compliments.

Keyword-only functions over a Session, shared by the JSON API and the pages. Clinicians and
managers record complaints; only managers read them and move them on, because a complaint may be
about a colleague. Every step is one conditional UPDATE (`WHERE status = :expected`): of two
managers acting at once exactly one wins and the other gets WrongState (409). Every step appends
a timeline event (the table refuses updates) and an audit event.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations.service import next_reference
from consult.core.calendar import calendar_for
from consult.privacy.audit import Action, record_event, record_events
from consult.profiles import Profile, active_profile
from consult.voice import rules
from consult.voice.errors import ComplaintNotFound, InvalidInput, NotAllowed, WrongState
from consult.voice.models import OUTCOMES, SOURCES, Complaint, ComplaintEvent, Compliment

REFERENCE_PREFIX = "CMP"
# The shape of every reference the service issues (PIMH-2026-00042, REF-2026-00007, a booking's);
# anything else is refused before it reaches a query. Bounded, so linear in the input.
_REFERENCE = re.compile(r"[A-Z]{2,8}(?:-[A-Z0-9]{1,12}){1,3}")


def _recorder(user: User) -> None:
    if not user.has_role(Role.clinician):
        raise NotAllowed("only clinicians and managers can record complaints and compliments")


def _manager(user: User) -> None:
    if not user.has_role(Role.manager):
        raise NotAllowed("only managers can read complaints and move them on")


def _text(value: str | None, field: str, *, minimum: int, maximum: int) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise InvalidInput(field, f"write at least {minimum} characters")
    if len(text) > maximum:
        raise InvalidInput(field, f"keep it under {maximum} characters")
    return text


def _source(value: str) -> str:
    if value not in SOURCES:
        raise InvalidInput("source", f"must be one of: {', '.join(SOURCES)}")
    return value


OLDEST_YEARS = 10  # nothing older is recorded now; it also keeps the calendar arithmetic in range


def _received(day: date) -> date:
    today = clock.today_local()
    if day > today:
        raise InvalidInput("received_on", "cannot be in the future")
    if day.year < today.year - OLDEST_YEARS:
        raise InvalidInput("received_on", f"must be within the last {OLDEST_YEARS} years")
    return day


def related_kind(db: Session, reference: str) -> str | None:
    """Which kind of record the reference names (consultation, booking, referral), or None."""
    from booking.models import Booking
    from consult.consultations.models import Consultation
    from consult.referrals.models import Referral

    for kind, model in (("consultation", Consultation), ("booking", Booking), ("referral", Referral)):
        if db.scalar(select(model.id).where(model.reference == reference)) is not None:
            return kind
    return None


def add_event(*, db: Session, complaint: Complaint, kind: str, actor: User | None, detail: str = "") -> None:
    db.add(ComplaintEvent(complaint_id=complaint.id, at=clock.now(), kind=kind,
                          actor_id=actor.id if actor else None, detail=detail[:300]))


def record_complaint(*, db: Session, recorder: User, received_on: date, source: str, about: str, summary: str,
                     reference: str | None = None, profile: Profile | None = None) -> Complaint:
    _recorder(recorder)
    profile = profile or active_profile()
    related, kind = (reference or "").strip().upper() or None, None
    if related is not None:
        kind = related_kind(db, related) if _REFERENCE.fullmatch(related) else None
        if kind is None:
            raise InvalidInput("reference", "no consultation, booking or referral has that reference")
    calendar = calendar_for(db, profile)
    clocks = rules.acknowledgement_clocks(calendar, _received(received_on),
                                          working_days=profile.voice.complaint_acknowledge_working_days,
                                          due_soon_fraction=profile.time_limits.due_soon_fraction)
    complaint = Complaint(
        reference=next_reference(db=db, year=received_on.year, prefix=REFERENCE_PREFIX), status="received",
        source=_source(source), about=_text(about, "about", minimum=3, maximum=200),
        summary=_text(summary, "summary", minimum=10, maximum=8000), related_reference=related, related_kind=kind,
        received_on=received_on, acknowledge_by=rules.acknowledge_by(calendar, clocks),
        ack_due_soon_at=clocks.due_soon_at, ack_deadline_at=clocks.respond_by, recorded_at=clock.now(),
        recorded_by_id=recorder.id)
    db.add(complaint)
    db.flush()
    add_event(db=db, complaint=complaint, kind="received", actor=recorder,
              detail=f"from a {source}; acknowledge by {complaint.acknowledge_by:%-d %B}")
    record_event(db=db, actor=recorder, action=Action.create, record=complaint.reference, detail="complaint recorded")
    db.flush()
    return complaint


def get_complaint(*, db: Session, reference: str, viewer: User) -> Complaint:
    """One complaint for a manager, the read audited; NotAllowed for anyone else."""
    _manager(viewer)
    wanted = (reference or "").strip().upper()
    found = db.scalar(select(Complaint).where(Complaint.reference == wanted)) if _REFERENCE.fullmatch(wanted) else None
    if found is None:
        raise ComplaintNotFound(reference)
    record_event(db=db, actor=viewer, action=Action.read, record=found.reference, detail="complaint opened")
    return found


def list_complaints(*, db: Session, viewer: User, status: str | None = None, limit: int = 500) -> list[Complaint]:
    """Newest first; awaiting acknowledgement first by deadline when status='received'. Audited
    as reads, because the list shows what each complaint is about."""
    _manager(viewer)
    query = select(Complaint)
    if status and status not in rules.NEXT:
        raise InvalidInput("status", f"must be one of: {', '.join(rules.NEXT)}")
    if status:
        query = query.where(Complaint.status == status)
    query = query.order_by(Complaint.acknowledge_by if status == "received" else Complaint.id.desc()).limit(limit)
    found = list(db.scalars(query))
    if found:
        record_events(db=db, actor=viewer, action=Action.read, records=[c.reference for c in found],
                      detail="complaints list")
    return found


def _step(db: Session, complaint: Complaint, step: str, values: dict[str, Any]) -> None:
    """Move `complaint` on with one conditional UPDATE; WrongState when it is no longer where it
    was read (another manager got there first) or the step may not follow its status."""
    expected = complaint.status
    if not rules.may_follow(expected, step):
        raise WrongState(f"{complaint.reference} is {expected}; it cannot be {step} now")
    done = db.execute(update(Complaint).where(Complaint.id == complaint.id, Complaint.status == expected)
                      .values(status=step, **values).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise WrongState(f"{complaint.reference} was changed by someone else just now; reload it and try again")
    db.refresh(complaint)


def acknowledge(*, db: Session, complaint: Complaint, manager: User, on: date | None = None) -> Complaint:
    _manager(manager)
    today = clock.today_local()
    day = on or today
    if day > today or day < complaint.received_on:
        raise InvalidInput("on", "must be between the day it was received and today")
    within = rules.within_target(day, complaint.acknowledge_by)
    _step(db, complaint, "acknowledged", {"acknowledged_on": day, "acknowledged_within_target": within})
    add_event(db=db, complaint=complaint, kind="acknowledged", actor=manager,
              detail="within the time limit" if within else "after the time limit")
    record_event(db=db, actor=manager, action=Action.update, record=complaint.reference, detail="acknowledged")
    db.flush()
    return complaint


def investigate(*, db: Session, complaint: Complaint, manager: User) -> Complaint:
    _manager(manager)
    _step(db, complaint, "investigating", {"investigating_at": clock.now()})
    add_event(db=db, complaint=complaint, kind="investigating", actor=manager)
    record_event(db=db, actor=manager, action=Action.update, record=complaint.reference, detail="investigation started")
    db.flush()
    return complaint


def close(*, db: Session, complaint: Complaint, manager: User, outcome: str, response: str) -> Complaint:
    """Closed with an outcome and the response given. A complaint withdrawn before it was
    acknowledged may be closed straight away (outcome withdrawn); otherwise it is acknowledged first."""
    _manager(manager)
    if outcome not in OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(OUTCOMES)}")
    if complaint.status == "received" and outcome != "withdrawn":
        raise WrongState(f"{complaint.reference} has not been acknowledged yet; acknowledge it first")
    text = _text(response, "response", minimum=10, maximum=8000)
    _step(db, complaint, "closed", {"outcome": outcome, "response": text, "closed_on": clock.today_local()})
    add_event(db=db, complaint=complaint, kind="closed", actor=manager, detail=f"outcome: {outcome.replace('_', ' ')}")
    record_event(db=db, actor=manager, action=Action.update, record=complaint.reference, detail=f"closed: {outcome}")
    db.flush()
    return complaint


# -- compliments ---------------------------------------------------------------------------
def record_compliment(*, db: Session, recorder: User, received_on: date, source: str, about: str,
                      summary: str) -> Compliment:
    _recorder(recorder)
    compliment = Compliment(received_on=_received(received_on), source=_source(source),
                            about=_text(about, "about", minimum=3, maximum=200),
                            summary=_text(summary, "summary", minimum=5, maximum=4000),
                            recorded_at=clock.now(), recorded_by_id=recorder.id)
    db.add(compliment)
    db.flush()
    record_event(db=db, actor=recorder, action=Action.create, record=f"compliment:{compliment.id}",
                 detail="compliment recorded")
    return compliment


def recent_compliments(*, db: Session, viewer: User, limit: int = 50) -> list[Compliment]:
    """Shown to the whole team (clinicians and above): compliments are for everyone to read."""
    _recorder(viewer)
    return list(db.scalars(select(Compliment).where(Compliment.purged_at.is_(None))
                           .order_by(Compliment.received_on.desc(), Compliment.id.desc()).limit(limit)))
