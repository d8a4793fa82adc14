"""Consultation requests: create, claim, hand over, advise, close, withdraw, log a call, feedback.

Keyword-only functions over a Session; every transport (JSON API, pages, Slack, terminal chat,
the booking package) calls these. Each change of status appends a timeline event, and figures
that reports need are stored when they happen.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, lazyload

from consult import clock, notify
from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.consultations import labels, messages, rules
from consult.consultations.audit import audit_change, audit_read
from consult.consultations.commands import CallLog, ConsultationRequest, checked
from consult.consultations.errors import InvalidInput, NotAllowed, NotFound, WrongState
from consult.consultations.models import (
    CALL_CHANNELS,
    OPEN_STATUSES,
    STATUSES,
    Consultation,
    ConsultationConcern,
    ConsultationEvent,
    ReferenceCounter,
)
from consult.consultations.outcome import advice_stamp, outcome_values

# _choice and _scores under their old names: referrals check scores with the very same rules.
from consult.consultations.outcome import choice as _choice  # noqa: F401
from consult.consultations.outcome import domain_scores as _scores  # noqa: F401
from consult.consultations.rota import offer_to_duty
from consult.core.calendar import calendar_for
from consult.core.transitions import transition
from consult.db import get_or_raise
from consult.notify import Recipient
from consult.profiles import active_profile

REFERENCE_PREFIX = "PIMH"


# -- references and events ---------------------------------------------------------------
def next_reference(*, db: Session, year: int, prefix: str = REFERENCE_PREFIX) -> str:
    """PIMH-2026-00042: numbered per year; the counter row's lock serialises concurrent requests."""
    bump = (update(ReferenceCounter).where(ReferenceCounter.prefix == prefix, ReferenceCounter.year == year)
            .values(last=ReferenceCounter.last + 1).returning(ReferenceCounter.last))
    number = db.execute(bump).scalar()
    if number is None:
        try:
            with db.begin_nested():
                db.add(ReferenceCounter(prefix=prefix, year=year, last=0))
        except IntegrityError:
            pass  # another request created this year's counter first
        number = db.execute(bump).scalar_one()
    return f"{prefix}-{year}-{number:05d}"


def add_event(*, db: Session, consultation: Consultation, kind: str, actor: User | None,
              detail: str = "", at: datetime | None = None, system: str = "system") -> ConsultationEvent:
    """A timeline event, and its audit event when the kind is audited (`system`: who acted without a user)."""
    event = ConsultationEvent(consultation=consultation, at=at or clock.now(), kind=kind,
                              actor_id=actor.id if actor else None,
                              actor_name=actor.name if actor else "PIMH Consult", detail=detail)
    db.add(event)
    audit_change(db=db, consultation=consultation, kind=kind, actor=actor, system=system)
    return event


# -- creating ----------------------------------------------------------------------------
def create_consultation(*, db: Session, practitioner: User, request: ConsultationRequest, actor: User | None = None,
                        send_notices: bool = True) -> Consultation:
    """A new request, acknowledged at once and offered to the least-loaded duty clinician.

    With `request.booking_reference`, a booking joins its consultation: a second call with the
    same booking reference returns the existing one instead of creating another.
    """
    booking_reference = request.booking_reference
    if booking_reference:
        existing = db.scalar(select(Consultation).where(Consultation.booking_reference == booking_reference))
        if existing is not None:
            return existing
    request = checked(request)
    channel = request.channel

    profile = active_profile()
    calendar = calendar_for(db, profile)
    received_at = clock.now()
    clocks = rules.clocks_for(calendar, received_at, advise_working_days=profile.time_limits.advise_working_days,
                              due_soon_fraction=profile.time_limits.due_soon_fraction)
    local = received_at.astimezone(LONDON)
    consultation = Consultation(
        reference=next_reference(db=db, year=local.year),
        channel=channel, status="acknowledged", booking_reference=booking_reference,
        practitioner_id=practitioner.id, practitioner_name=practitioner.name,
        practitioner_email=practitioner.email, practitioner_role=practitioner.job_role,
        organisation=practitioner.organisation, organisation_type=practitioner.organisation_type,
        practitioner_slack_id=practitioner.slack_user_id,
        summary=request.summary, district=request.district,
        concerns=[ConsultationConcern(code=c) for c in request.concerns],
        infant_age_months=request.infant_age_months, antenatal=request.antenatal, urgency=request.urgency,
        preferred_contact=request.preferred_contact, callback_phone=request.callback_phone,
        callback_window=request.callback_window, consent_confirmed=request.consent_confirmed,
        received_at=received_at, received_on=local.date(), received_month=local.strftime("%Y-%m"),
        acknowledged_at=clocks.acknowledged_at, working_hours_to_acknowledge=0.0, acknowledged_within_target=True,
        due_soon_at=clocks.due_soon_at, respond_by=clocks.respond_by,
        logged_call=False, closed_without_advice=False,
    )
    db.add(consultation)
    add_event(db=db, consultation=consultation, kind="received", actor=actor or practitioner,
              detail=f"by {labels.CHANNELS.get(channel, channel).lower()}"
              + (f" for booking {booking_reference}" if booking_reference else ""))
    add_event(db=db, consultation=consultation, kind="acknowledged", actor=None,
              detail=f"respond by {clocks.respond_by.astimezone(LONDON):%a %-d %b %H:%M}")
    db.flush()
    offered = offer_to_duty(db=db, consultation=consultation, calendar=calendar)
    if offered is not None:
        add_event(db=db, consultation=consultation, kind="offered", actor=None, detail=f"offered to {offered.name}")
    if send_notices:
        notify.queue(db, messages.acknowledgement(consultation, Recipient.for_user(practitioner)))
        for notice in messages.new_request(consultation, Recipient.for_user(offered) if offered else None):
            notify.queue(db, notice)
    db.flush()
    return consultation


log_consultation = create_consultation  # the name the booking package reads best with


# -- reading -----------------------------------------------------------------------------
def get_consultation(*, db: Session, reference: str) -> Consultation:
    return get_or_raise(db, Consultation, NotFound(reference), reference=reference.strip().upper())


def can_see(viewer: User, consultation: Consultation) -> bool:
    return viewer.has_role(Role.clinician) or consultation.practitioner_id == viewer.id


def get_for_viewer(*, db: Session, reference: str, viewer: User) -> Consultation:
    """Practitioners see only their own: anyone else's is 'not found', not 'forbidden'."""
    consultation = get_consultation(db=db, reference=reference)
    if not can_see(viewer, consultation):
        raise NotFound(reference)
    return consultation


def view(*, db: Session, reference: str, viewer: User, detail: str = "consultation opened") -> Consultation:
    """For a page or reply that shows the identifiable fields: a colleague's read is audited."""
    consultation = get_for_viewer(db=db, reference=reference, viewer=viewer)
    audit_read(db=db, consultation=consultation, viewer=viewer, detail=detail)
    return consultation


# Lists show references, states and times: skip decrypting free text and loading concerns per row.
# They show no summary, call-back number or contact details (a practitioner's name and role at most),
# so they are not audited as reads; `view` is.
_LIST_OPTIONS = (defer(Consultation.summary), defer(Consultation.advice), defer(Consultation.callback_phone),
                 lazyload(Consultation.concerns))


def list_for_viewer(*, db: Session, viewer: User, status: str | None = None, district: str | None = None,
                    limit: int = 100, offset: int = 0) -> list[Consultation]:
    query = select(Consultation).options(*_LIST_OPTIONS)
    if not viewer.has_role(Role.clinician):
        query = query.where(Consultation.practitioner_id == viewer.id)
    if status == "open":
        query = query.where(Consultation.status.in_(OPEN_STATUSES))
    elif status:
        query = query.where(Consultation.status == _choice(status, STATUSES, "status"))
    if district:
        query = query.where(func.lower(Consultation.district) == district.strip().lower())
    # Newest first by id (receipt order), which the primary key serves without a sort.
    query = query.order_by(Consultation.id.desc()).limit(limit).offset(offset)
    return list(db.scalars(query))


def open_queue(*, db: Session, limit: int = 500) -> list[Consultation]:
    """Open requests, urgent first, then least time left."""
    query = (select(Consultation).options(*_LIST_OPTIONS).where(Consultation.status.in_(OPEN_STATUSES))
             .order_by((Consultation.urgency != "urgent"), Consultation.respond_by).limit(limit))
    return list(db.scalars(query))


# -- clinician actions --------------------------------------------------------------------
def _clinician(user: User) -> None:
    if not user.has_role(Role.clinician):
        raise NotAllowed("only clinicians can do this")


def _unchanged(consultation: Consultation) -> list[ColumnElement[bool]]:
    """Conditions that hold only while nobody has claimed, handed over or moved it since we read it."""
    claimer = consultation.claimed_by_id
    return [Consultation.claimed_by_id.is_(None) if claimer is None else Consultation.claimed_by_id == claimer]


def _lost(db: Session, consultation: Consultation) -> WrongState:
    """The refusal for whoever came second: says what the request became, read afresh."""
    db.refresh(consultation)
    who = f" by {_name(db, consultation.claimed_by_id)}" if consultation.status == "claimed" else ""
    return WrongState(f"{consultation.reference} was changed at the same moment: it is now {consultation.status}{who}. "
                      "Reload it to see the latest.")


def claim(*, db: Session, consultation: Consultation, clinician: User) -> Consultation:
    _clinician(clinician)
    if consultation.status == "claimed" and consultation.claimed_by_id == clinician.id:
        return consultation  # a second click (or a Slack retry) changes nothing
    if consultation.status != "acknowledged":
        who = f" by {_name(db, consultation.claimed_by_id)}" if consultation.status == "claimed" else ""
        raise WrongState(f"{consultation.reference} is already {consultation.status}{who}")
    if not transition(db, consultation, "acknowledged", "claimed", claimed_by_id=clinician.id, claimed_at=clock.now()):
        lost = _lost(db, consultation)
        if consultation.status == "claimed" and consultation.claimed_by_id == clinician.id:
            return consultation  # the same clinician's two clicks raced: one claim, and both see it
        raise lost
    add_event(db=db, consultation=consultation, kind="claimed", actor=clinician)
    db.flush()
    return consultation


def hand_over(*, db: Session, consultation: Consultation, by: User, to: User) -> Consultation:
    _clinician(by)
    if not to.has_role(Role.clinician):
        raise InvalidInput("to", "hand over to a clinician")
    if not consultation.is_open:
        raise WrongState(f"{consultation.reference} is {consultation.status}; only open requests are handed over")
    if not transition(db, consultation, consultation.status, "claimed", when=_unchanged(consultation),
                      claimed_by_id=to.id, claimed_at=clock.now()):
        raise _lost(db, consultation)
    add_event(db=db, consultation=consultation, kind="handed_over", actor=by, detail=f"to {to.name}")
    notify.queue(db, messages.handover(consultation, Recipient.for_user(to), by.name))
    db.flush()
    return consultation


def record_advice(*, db: Session, consultation: Consultation, clinician: User, advice: str, recommendation: str,
                  thrive: str, scores: Mapping[str, int | None] | None = None,
                  learning_needs: str | None = None) -> Consultation:
    _clinician(clinician)
    if consultation.status not in ("acknowledged", "claimed"):
        raise WrongState(f"{consultation.reference} is {consultation.status}; advice is recorded once")
    if consultation.status == "claimed" and consultation.claimed_by_id != clinician.id:
        raise WrongState(f"{consultation.reference} is claimed by {_name(db, consultation.claimed_by_id)}: "
                         "ask them to hand it over first")
    values = outcome_values(advice=advice, recommendation=recommendation, thrive=thrive, scores=scores,
                      learning_needs=learning_needs)
    was_unclaimed = consultation.status == "acknowledged"
    if was_unclaimed:  # advising an unclaimed request claims it in the same step
        values.update(claimed_by_id=clinician.id, claimed_at=clock.now())
    values.update(advice_stamp(db, consultation, clinician))
    if not transition(db, consultation, consultation.status, "advised", when=_unchanged(consultation), **values):
        raise _lost(db, consultation)
    if was_unclaimed:
        add_event(db=db, consultation=consultation, kind="claimed", actor=clinician)
    add_event(db=db, consultation=consultation, kind="advised", actor=clinician,
              detail=labels.outcome_words(consultation.recommendation, consultation.thrive))
    practitioner = Recipient.for_user(db.get(User, consultation.practitioner_id))
    if practitioner.email is None:  # a booking's stand-in (booking.consultations): the address typed
        practitioner = replace(practitioner, email=consultation.practitioner_email)
    notify.queue(db, messages.advice(consultation, practitioner, clinician.name))
    db.flush()
    return consultation


def close(*, db: Session, consultation: Consultation, actor: User, reason: str | None = None) -> Consultation:
    _clinician(actor)
    if consultation.status in ("closed", "withdrawn"):
        raise WrongState(f"{consultation.reference} is already {consultation.status}")
    values: dict[str, Any] = {"closed_at": clock.now(), "closed_by_id": actor.id}
    if consultation.status != "advised":
        if not (reason or "").strip():
            raise InvalidInput("reason", "say why a request is closed without advice")
        values["closed_without_advice"] = True
    # From exactly the state we read: closing 'without advice' must not race advice being given.
    if not transition(db, consultation, consultation.status, "closed", when=_unchanged(consultation), **values):
        raise _lost(db, consultation)
    add_event(db=db, consultation=consultation, kind="closed", actor=actor, detail=(reason or "").strip()[:200])
    db.flush()
    return consultation


def withdraw(*, db: Session, consultation: Consultation, practitioner: User) -> Consultation:
    """Only the practitioner who asked may withdraw their request (they changed their mind). A
    clinician or manager ends a request by closing it, with a reason in the timeline."""
    if consultation.practitioner_id != practitioner.id:
        if can_see(practitioner, consultation):
            raise NotAllowed("only the practitioner who asked can withdraw a request; "
                             "a clinician closes it instead, saying why")
        raise NotFound(consultation.reference)
    if not consultation.is_open:
        raise WrongState(f"{consultation.reference} is {consultation.status} and cannot be withdrawn")
    # From exactly the state we read: a claim at the same moment wins or loses, never both.
    if not transition(db, consultation, consultation.status, "withdrawn", when=_unchanged(consultation),
                      closed_at=clock.now()):
        raise _lost(db, consultation)
    add_event(db=db, consultation=consultation, kind="withdrawn", actor=practitioner)
    db.flush()
    return consultation


def log_call(*, db: Session, clinician: User, practitioner: User, call: CallLog) -> Consultation:
    """A consultation that happened by telephone, video or in person, recorded in one step."""
    _clinician(clinician)
    _choice(call.channel, CALL_CHANNELS, "channel")
    consultation = create_consultation(db=db, practitioner=practitioner, request=call.request(), actor=clinician,
                                       send_notices=False)
    consultation.logged_call = True
    consultation.offered_to_id = None
    # A record made in this transaction that nobody else can see yet: plain attribute writes.
    values = outcome_values(advice=call.advice, recommendation=call.recommendation, thrive=call.thrive,
                            scores=call.scores, learning_needs=call.learning_needs)
    values.update(advice_stamp(db, consultation, clinician), claimed_by_id=clinician.id,
                  claimed_at=consultation.received_at, status="advised")
    for name, value in values.items():
        setattr(consultation, name, value)
    add_event(db=db, consultation=consultation, kind="call_logged", actor=clinician,
              detail=f"{labels.CHANNELS.get(call.channel, call.channel).lower()} consultation with advice given during the call")
    db.flush()
    return consultation


def _name(db: Session, user_id: int | None) -> str:
    user = db.get(User, user_id) if user_id else None
    return user.name if user else "nobody"
