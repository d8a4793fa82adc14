"""Family appointments: assessment, intervention and review sessions booked by a clinician, and
their attendance. Every change is a conditional update on the appointment's status, so two
clinicians recording the same appointment at once cannot both win (the loser gets WrongState,
409). The did-not-attend policy is the profile's: after `did_not_attend_in_a_row` misses the
referrer is told (reference only) and the allocated clinician is asked to decide whether to close.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult import clock, notify
from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.consultations.errors import ConsultationError, InvalidInput, NotAllowed, NotFound, WrongState
from consult.core.calendar import calendar_for
from consult.pathway import messages, rules
from consult.pathway.caseload import allocated_to, pathway_row
from consult.pathway.models import KINDS, METHODS, OUTCOMES, FamilyAppointment, ReferralPathway
from consult.privacy.audit import Action, record_event
from consult.profiles import Profile, active_profile
from consult.referrals.models import Referral

# Which appointments a referral's status allows: an assessment once eligible, sessions after it.
KINDS_BY_STATUS = {"eligible": ("assessment",), "assessed": KINDS, "in_intervention": ("intervention", "review")}
WORDS = {"assessment": "Assessment", "intervention": "Intervention session", "review": "Review",
         "home_visit": "Home visit", "clinic": "Clinic", "video": "Video call", "phone": "Telephone call",
         "booked": "Booked", "attended": "Attended", "did_not_attend": "Did not attend",
         "cancelled_by_family": "Cancelled by the family", "cancelled_by_service": "Cancelled by the service"}


class AppointmentNotFound(NotFound):
    def __init__(self, reference: str, appointment_id: int) -> None:
        ConsultationError.__init__(self, f"No appointment {appointment_id} on {reference}.")


def _event(db: Session, referral: Referral, kind: str, actor: User | None, detail: str) -> None:
    from consult.referrals.service import add_event  # the referral's own timeline

    add_event(db=db, referral=referral, kind=kind, actor=actor, detail=detail)


def book(*, db: Session, referral: Referral, clinician: User, starts: datetime, kind: str, method: str,
         place: str | None = None, minutes: int | None = None, profile: Profile | None = None) -> FamilyAppointment:
    profile = profile or active_profile()
    if not clinician.has_role(Role.clinician):
        raise NotAllowed("only clinicians book family appointments")
    if kind not in KINDS:
        raise InvalidInput("kind", f"must be one of: {', '.join(KINDS)}")
    if method not in METHODS:
        raise InvalidInput("method", f"must be one of: {', '.join(METHODS)}")
    if kind not in KINDS_BY_STATUS.get(referral.status, ()):
        raise WrongState(f"{referral.reference} is {referral.status.replace('_', ' ')}; "
                         f"a{'n' if kind[0] in 'aeiou' else ''} {kind} cannot be booked now")
    if starts.tzinfo is None:
        starts = starts.replace(tzinfo=LONDON)
    if starts <= clock.now():
        raise InvalidInput("starts", "choose a time in the future")
    length = minutes or profile.pathway.appointment_minutes
    fit = rules.session_fit(calendar_for(db, profile), profile, starts.astimezone(LONDON), length)
    if not fit.ok:
        raise InvalidInput("starts", fit.reason)
    where, problem = rules.place_for(method, place, profile, referral.district)
    if problem:
        raise InvalidInput("place", problem)
    holder = allocated_to(db=db, referral=referral) or clinician
    ends = starts + timedelta(minutes=length)
    # Two bookings for one family serialise on its pathway row (a row lock on PostgreSQL; SQLite
    # has one writer at a time anyway), so the clash check below sees the other's insert.
    row = pathway_row(db=db, referral=referral)
    db.execute(select(ReferralPathway.referral_id).where(ReferralPathway.referral_id == row.referral_id)
               .with_for_update())
    clash = db.scalar(select(FamilyAppointment.id).where(
        FamilyAppointment.clinician_id == holder.id, FamilyAppointment.status == "booked",
        FamilyAppointment.starts_at < ends, FamilyAppointment.ends_at > starts))
    if clash:
        raise WrongState(f"{holder.name} already has an appointment then; choose another time")
    appointment = FamilyAppointment(referral_id=referral.id, clinician_id=holder.id, kind=kind, method=method,
                                    place=where or "", session_label=fit.session_label, starts_at=starts,
                                    ends_at=ends, status="booked", created_by_id=clinician.id)
    db.add(appointment)
    db.flush()
    when = starts.astimezone(LONDON)
    _event(db, referral, "appointment_booked", clinician,
           f"{WORDS[kind].lower()} booked for {when:%a %-d %b %Y %H:%M} ({WORDS[method].lower()})")
    record_event(db=db, actor=clinician, action=Action.create, record=referral.reference, detail=f"{kind} appointment booked")
    return appointment


def get_appointment(*, db: Session, referral: Referral, appointment_id: int) -> FamilyAppointment:
    found = db.get(FamilyAppointment, appointment_id)
    if found is None or found.referral_id != referral.id:
        raise AppointmentNotFound(referral.reference, appointment_id)
    return found


def for_referral(*, db: Session, referral: Referral) -> list[FamilyAppointment]:
    return list(db.scalars(select(FamilyAppointment).where(FamilyAppointment.referral_id == referral.id)
                           .order_by(FamilyAppointment.starts_at, FamilyAppointment.id)))


def record_attendance(*, db: Session, referral: Referral, appointment: FamilyAppointment, outcome: str,
                      clinician: User, profile: Profile | None = None) -> FamilyAppointment:
    profile = profile or active_profile()
    if not clinician.has_role(Role.clinician):
        raise NotAllowed("only clinicians record attendance")
    if outcome not in OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(OUTCOMES)}")
    now = clock.now()
    if outcome in ("attended", "did_not_attend") and appointment.starts_at > now:
        raise InvalidInput("outcome", "attendance can be recorded once the appointment has started")
    done = db.execute(update(FamilyAppointment)
                      .where(FamilyAppointment.id == appointment.id, FamilyAppointment.status == "booked")
                      .values(status=outcome, outcome_at=now, outcome_by_id=clinician.id,
                              sequence=FamilyAppointment.sequence + 1)
                      .execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        db.refresh(appointment)
        raise WrongState(f"this appointment is already recorded as {WORDS[appointment.status].lower()}")
    db.refresh(appointment)
    _event(db, referral, "appointment_outcome", clinician,
           f"{WORDS[appointment.kind].lower()} on {appointment.starts_at.astimezone(LONDON):%-d %b %Y}: "
           f"{WORDS[outcome].lower()}")
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail=f"attendance: {outcome}")
    if outcome == "did_not_attend":
        _apply_policy(db, referral, clinician, profile)
    db.flush()
    return appointment


def _apply_policy(db: Session, referral: Referral, clinician: User, profile: Profile) -> None:
    outcomes = list(db.scalars(select(FamilyAppointment.status).where(
        FamilyAppointment.referral_id == referral.id, FamilyAppointment.status != "booked")
        .order_by(FamilyAppointment.starts_at, FamilyAppointment.id)))
    limit = profile.pathway.did_not_attend_in_a_row
    if not rules.policy_triggered(outcomes, in_a_row=limit):
        return
    # Set once per run: the conditional update means two clinicians recording the second miss
    # at once tell the referrer once.
    row = pathway_row(db=db, referral=referral)
    flagged = db.execute(update(ReferralPathway).where(ReferralPathway.referral_id == row.referral_id,
                                                       ReferralPathway.dna_review_since.is_(None))
                         .values(dna_review_since=clock.now()).execution_options(synchronize_session=False))
    if flagged.rowcount != 1:  # type: ignore[attr-defined]
        return
    db.refresh(row)
    if profile.pathway.tell_referrer_after_did_not_attend:
        referrer = db.get(User, referral.referrer_id)
        notify.queue(db, messages.did_not_attend_referrer(referral, notify.Recipient.for_user(referrer), limit))
    holder = allocated_to(db=db, referral=referral) or clinician
    notify.queue(db, messages.did_not_attend_review(referral, notify.Recipient.for_user(holder), limit))
    _event(db, referral, "did_not_attend_policy", None,
           f"{limit} appointments missed in a row: referrer told; clinician asked to decide whether to close")


def cancel_future(*, db: Session, referral: Referral, actor: User) -> int:
    """When a referral is closed or withdrawn, its appointments still to come are cancelled by the
    service, in the caller's transaction: one conditional UPDATE from "booked", so an outcome a
    clinician records at the same moment is kept, never overwritten. SEQUENCE goes up, so the
    clinician's calendar file marks each event cancelled. Returns how many were cancelled."""
    now = clock.now()
    done = db.execute(update(FamilyAppointment)
                      .where(FamilyAppointment.referral_id == referral.id, FamilyAppointment.status == "booked",
                             FamilyAppointment.starts_at > now)
                      .values(status="cancelled_by_service", outcome_at=now, outcome_by_id=actor.id,
                              sequence=FamilyAppointment.sequence + 1)
                      .execution_options(synchronize_session=False))
    cancelled = int(done.rowcount or 0)  # type: ignore[attr-defined]
    if cancelled:
        for loaded in [o for o in db.identity_map.values() if isinstance(o, FamilyAppointment)]:
            db.expire(loaded)  # loaded appointments show their new status
        _event(db, referral, "appointments_cancelled", actor,
               f"{cancelled} future appointment{'s' if cancelled != 1 else ''} cancelled by the service")
        record_event(db=db, actor=actor, action=Action.update, record=referral.reference,
                     detail=f"{cancelled} future appointments cancelled on {referral.status}")
    return cancelled


def review_pending(*, db: Session, referral: Referral) -> bool:
    row = db.get(ReferralPathway, referral.id)
    return bool(row and row.dna_review_since)


def decide_review(*, db: Session, referral: Referral, clinician: User, keep_open: bool) -> None:
    """The clinician's decision after the did-not-attend policy: keep the family open (the run starts
    again) or close (the close form follows; the review is cleared here either way)."""
    if not clinician.has_role(Role.clinician):
        raise NotAllowed("only clinicians decide")
    done = db.execute(update(ReferralPathway).where(ReferralPathway.referral_id == referral.id,
                                                    ReferralPathway.dna_review_since.is_not(None))
                      .values(dna_review_since=None).execution_options(synchronize_session=False))
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise WrongState(f"{referral.reference} has no did-not-attend decision waiting")
    db.expire_all()
    _event(db, referral, "did_not_attend_decision", clinician,
           "decided to keep the family open" if keep_open else "decided to close")
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference,
                 detail="did-not-attend decision: " + ("keep open" if keep_open else "close"))
    db.flush()


def reviews_waiting(*, db: Session) -> list[tuple[Referral, datetime, int | None]]:
    """Referrals whose clinician must decide after missed appointments, oldest first (for the queue),
    each with when the decision was asked for and the clinician the family is allocated to."""
    return list(db.execute(select(Referral, ReferralPathway.dna_review_since,  # type: ignore[arg-type]  # dna_review_since NOT NULL by the WHERE
                                  ReferralPathway.allocated_to_id)
                           .join(ReferralPathway, ReferralPathway.referral_id == Referral.id)
                           .where(ReferralPathway.dna_review_since.is_not(None),
                                  Referral.status.not_in(("closed", "withdrawn")))
                           .order_by(ReferralPathway.dna_review_since)).all())
