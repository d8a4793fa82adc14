"""Referrals: submit, read, and the life cycle (triage, assessment, intervention, close, withdraw).

Keyword-only functions over a Session, shared by the JSON API, the pages and the Slack bot. The
readiness rules decide whether a referral may be stored; every change appends a timeline event
and an audit event; notices carry the reference and non-identifying facts only.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock, notify
from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.consultations import rules as consultation_rules
from consult.consultations.labels import THRIVE
from consult.consultations.models import THRIVE_LEVELS

# The consultations' own checks of the four-domain scores, so both pathways refuse the same inputs.
from consult.consultations.outcome import domain_scores as cluster_scores
from consult.consultations.privacy import identifying_problem
from consult.consultations.service import next_reference
from consult.core.calendar import calendar_for
from consult.core.transitions import conditional_update, transition
from consult.db import get_or_raise
from consult.privacy.audit import Action, record_event
from consult.privacy.consent import Purpose, current_consent, record_consent
from consult.privacy.crypto import blind_index
from consult.privacy.redact import redact, redact_people
from consult.profiles import Profile, active_profile
from consult.readiness.rules import is_antenatal
from consult.readiness.schemas import Referral as ReferralBody
from consult.readiness.schemas import Screening
from consult.readiness.service import check_referral
from consult.referrals import labels, messages, rules
from consult.referrals.errors import InvalidInput, NotAllowed, ReferralNotFound, Refused, WrongState
from consult.referrals.models import AWAITING_TRIAGE, OUTCOMES, Referral, ReferralEvent, ReferralScore

REFERENCE_PREFIX = "REF"
CHANNELS = ("web", "api", "slack")


def add_event(*, db: Session, referral: Referral, kind: str, actor: User | None, detail: str = "") -> ReferralEvent:
    event = ReferralEvent(referral=referral, at=clock.now(), kind=kind, actor_id=actor.id if actor else None,
                          actor_name=actor.name if actor else "PIMH Consult", detail=detail[:500])
    db.add(event)
    return event


# -- submitting ----------------------------------------------------------------------------
def submit(*, db: Session, body: ReferralBody, practitioner: User, channel: str = "api",
           profile: Profile | None = None) -> Referral:
    """Store a referral the readiness rules find no problem with; Refused (nothing stored) otherwise."""
    profile = profile or active_profile()
    today = clock.today_local()
    result = check_referral(referral=body, profile=profile, as_of=today)
    if result.problems:
        raise Refused(list(result.problems))
    if channel not in CHANNELS:
        raise InvalidInput("channel", f"must be one of: {', '.join(CHANNELS)}")
    received_at = clock.now()
    clocks = rules.triage_clocks(calendar_for(db, profile), received_at, profile=profile)
    parent, infant, ref = body.parent, body.infant, body.referrer
    referral = Referral(
        reference=next_reference(db=db, year=received_at.astimezone(LONDON).year, prefix=REFERENCE_PREFIX),
        status="acknowledged", channel=channel, referrer_id=practitioner.id,
        referrer_name=ref.name, referrer_role=ref.role, referrer_organisation=ref.organisation,
        referrer_email=ref.email, referrer_phone=ref.phone, source=(ref.source or "").strip().lower(),
        parent_nhs_number=rules.digits(parent.nhs_number), parent_nhs_index=blind_index(rules.digits(parent.nhs_number)),
        parent_date_of_birth=parent.date_of_birth.isoformat() if parent.date_of_birth else None,
        parent_postcode=(parent.postcode or "").strip().upper() or None,
        relationship_to_infant=parent.relationship_to_infant, interpreter_required=bool(parent.interpreter_required),
        language=parent.language, district=rules.canonical_district(parent.district, profile) or parent.district,
        infant_nhs_number=rules.digits(infant.nhs_number) or None,
        infant_nhs_index=blind_index(rules.digits(infant.nhs_number)) if infant.nhs_number else None,
        infant_date_of_birth=infant.date_of_birth.isoformat() if infant.date_of_birth else None,
        infant_expected_due_date=infant.expected_due_date.isoformat() if infant.expected_due_date else None,
        antenatal=is_antenatal(body, today), concerns=",".join(sorted(set(body.concerns or ()))),
        description=body.description, safeguarding_concerns=bool(body.safeguarding.concerns),
        safeguarding_procedures_followed=bool(body.safeguarding.procedures_followed),
        data_linkage_consent=bool(body.consent.data_linkage_consent),
        received_at=received_at, received_on=received_at.astimezone(LONDON).date(),
        acknowledged_at=clocks.acknowledged_at, triage_due_soon_at=clocks.due_soon_at, triage_by=clocks.respond_by,
    )
    db.add(referral)
    db.flush()
    if parent.gp_practice and parent.gp_practice.strip():
        from consult.pathway.models import ReferralPathway  # the pathway's own row beside the referral

        db.add(ReferralPathway(referral_id=referral.id, gp_practice=parent.gp_practice.strip()))
    if rules.screening_used(body.screening):
        _store_scores(db, referral, "referral", body.screening, practitioner)
    _record_consents(db, referral, body, practitioner)
    add_event(db=db, referral=referral, kind="received", actor=practitioner, detail=f"by {channel}")
    add_event(db=db, referral=referral, kind="acknowledged", actor=None,
              detail=f"triage by {clocks.respond_by.astimezone(LONDON):%a %-d %b %H:%M}")
    record_event(db=db, actor=practitioner, action=Action.create, record=referral.reference, detail="referral submitted")
    notify.queue(db, messages.acknowledgement(referral, notify.Recipient.for_user(practitioner)))
    notify.queue(db, messages.new_referral(referral))
    db.flush()
    return referral


def _record_consents(db: Session, referral: Referral, body: ReferralBody, by: User) -> None:
    """Three separate records: a family may agree to the referral but not to data linkage."""
    record_consent(db=db, subject=referral.reference, purpose=Purpose.referral, given=True, recorded_by=by,
                   note="informed consent to the referral, confirmed by the referring practitioner")
    record_consent(db=db, subject=referral.reference, purpose=Purpose.holding_data, given=True, recorded_by=by,
                   note="agreed to the service holding the family's details, as part of the referral consent")
    record_consent(db=db, subject=referral.reference, purpose=Purpose.data_linkage,
                   given=bool(body.consent.data_linkage_consent), recorded_by=by,
                   note="data linkage consent as given on the referral form")


# -- reading -------------------------------------------------------------------------------
def get_referral(*, db: Session, reference: str) -> Referral:
    return get_or_raise(db, Referral, ReferralNotFound(reference), reference=reference.strip().upper())


def sees_everything(viewer: User) -> bool:
    return viewer.has_role(Role.clinician)


def view(*, db: Session, reference: str, viewer: User) -> tuple[Referral, bool]:
    """(referral, full): clinicians and above see every field (audited); the referrer a masked view;
    anyone else 'not found' rather than 'forbidden', so references cannot be probed."""
    referral = get_referral(db=db, reference=reference)
    if sees_everything(viewer):
        record_event(db=db, actor=viewer, action=Action.read, record=referral.reference, detail="referral opened")
        return referral, True
    if referral.referrer_id != viewer.id:
        raise ReferralNotFound(reference)
    return referral, False


def list_for_viewer(*, db: Session, viewer: User, status: str | None = None, limit: int = 200) -> list[Referral]:
    query = select(Referral)
    if not sees_everything(viewer):
        query = query.where(Referral.referrer_id == viewer.id)
    if status == "awaiting_triage":
        query = query.where(Referral.status.in_(AWAITING_TRIAGE)).order_by(Referral.triage_by)
    else:
        if status:
            query = query.where(Referral.status == status)
        query = query.order_by(Referral.id.desc())
    return list(db.scalars(query.limit(limit)))


# -- life cycle ----------------------------------------------------------------------------
def _clinician(user: User) -> None:
    if not user.has_role(Role.clinician):
        raise NotAllowed("only clinicians can do this")


def _free_text(value: str | None, field: str, *, minimum: int) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise InvalidInput(field, f"write at least {minimum} characters")
    if len(text) > 8000:
        raise InvalidInput(field, "keep it under 8000 characters")
    return text


def triage(*, db: Session, referral: Referral, clinician: User, outcome: str, thrive: str | None,
           guidance: str, scores: dict[str, int | None] | None = None, allocate_to: int | None = None) -> Referral:
    _clinician(clinician)
    if referral.status not in AWAITING_TRIAGE:
        raise WrongState(f"{referral.reference} is {referral.status.replace('_', ' ')}; it has been triaged")
    if outcome not in OUTCOMES:
        raise InvalidInput("outcome", f"must be one of: {', '.join(OUTCOMES)}")
    if thrive is not None and thrive not in THRIVE_LEVELS:
        raise InvalidInput("thrive", f"must be one of: {', '.join(THRIVE_LEVELS)}")
    if outcome == "eligible" and thrive is None:
        raise InvalidInput("thrive", "give the THRIVE level for an eligible referral")
    clean = cluster_scores(scores)
    now = clock.now()
    values: dict[str, Any] = {
        "triage_outcome": outcome, "thrive": thrive, "guidance": _free_text(guidance, "guidance", minimum=20),
        "score_severity": clean["severity"], "score_relationship": clean["relationship"],
        "score_protection": clean["protection"], "score_parent_mental_health": clean["parent_mental_health"],
        "cluster": consultation_rules.derive_cluster(clean), "triaged_by_id": clinician.id,
    }
    # The first decision stops the clock: asking for more information is a triage decision.
    if referral.triaged_at is None:
        values.update(triaged_at=now, triaged_within_target=now <= referral.triage_by)
    _move(db, referral, outcome, **values)
    add_event(db=db, referral=referral, kind="triaged", actor=clinician,
              detail=f"{labels.OUTCOMES.get(outcome, outcome)}" + (f" (THRIVE: {THRIVE[thrive]})" if thrive else ""))
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail=f"triaged: {outcome}")
    _allocate_at_triage(db, referral, clinician, outcome, allocate_to)
    notify.queue(db, messages.triaged(referral, notify.Recipient.for_user(db.get(User, referral.referrer_id))))
    db.flush()
    return referral


def _allocate_at_triage(db: Session, referral: Referral, clinician: User, outcome: str, allocate_to: int | None) -> None:
    """The family joins a caseload at triage: the clinician named, else the one triaging (unless
    someone already holds it). A referral found not eligible joins nobody's caseload."""
    from consult.pathway import caseload  # the pathway extends referrals; imported late to avoid a cycle

    if outcome == "not_eligible":
        return
    if allocate_to is not None or caseload.allocated_to(db=db, referral=referral) is None:
        caseload.allocate(db=db, referral=referral, clinician_id=allocate_to or clinician.id, actor=clinician)


def _cancel_future_appointments(db: Session, referral: Referral, actor: User) -> None:
    """A closed or withdrawn family has no sessions to come: the pathway cancels them (same transaction)."""
    from consult.pathway import appointments  # the pathway extends referrals; imported late to avoid a cycle

    appointments.cancel_future(db=db, referral=referral, actor=actor)


def _move(db: Session, referral: Referral, to_state: str, **values: Any) -> None:
    """One conditional UPDATE from exactly the state we read: of two clinicians acting at once,
    the second is refused (409) and told what the referral has become."""
    read = referral.status
    if not transition(db, referral, read, to_state, **values):
        db.refresh(referral)
        raise WrongState(f"{referral.reference} was changed at the same moment: it is now "
                         f"{referral.status.replace('_', ' ')}. Reload it to see the latest.")


def _check_scores(referral: Referral, stage: str, screening: Screening | None) -> bool:
    """True when there are scores to store; refuses bad or repeated ones before anything changes."""
    if screening is None or not rules.screening_used(screening):
        return False
    problems = rules.score_problems(screening, profile=active_profile(), as_of=clock.today_local())
    if problems:
        raise InvalidInput(problems[0].field, problems[0].message)
    if any(s.stage == stage for s in referral.scores):
        raise WrongState(f"{stage.replace('_', ' ')} scores for {referral.reference} are already recorded")
    return True


def _store_scores(db: Session, referral: Referral, stage: str, screening: Screening, by: User) -> None:
    _check_scores(referral, stage, screening)
    referral.scores.append(ReferralScore(
        stage=stage, recorded_at=clock.now(), recorded_by_id=by.id,
        mors_warmth=screening.mors_sf.warmth, mors_invasion=screening.mors_sf.invasion,
        phq9_total=screening.phq9.total, phq9_item9=screening.phq9.item9, gad7_total=screening.gad7.total))


def _pathway_date(value: date, field: str, referral: Referral, *, not_before: date | None = None) -> date:
    if value < referral.received_on:
        raise InvalidInput(field, "cannot be before the referral was received")
    if not_before and value < not_before:
        raise InvalidInput(field, f"cannot be before the assessment on {not_before:%-d %B %Y}")
    return value


def record_assessment(*, db: Session, referral: Referral, clinician: User, on: date,
                      screening: Screening | None = None) -> Referral:
    _clinician(clinician)
    if referral.status != "eligible":
        raise WrongState(f"{referral.reference} is {referral.status.replace('_', ' ')}; assessment follows an eligible triage")
    assessment_on = _pathway_date(on, "date", referral)
    scored = _check_scores(referral, "assessment", screening)
    _move(db, referral, "assessed", assessment_on=assessment_on,
          intervention_start_by=rules.intervention_start_by(calendar_for(db), on, profile=active_profile()))
    if scored and screening is not None:
        _store_scores(db, referral, "assessment", screening, clinician)
    add_event(db=db, referral=referral, kind="assessed", actor=clinician,
              detail=f"intervention to start by {referral.intervention_start_by:%a %-d %b %Y}")
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail="assessment recorded")
    db.flush()
    return referral


def start_intervention(*, db: Session, referral: Referral, clinician: User, on: date) -> Referral:
    _clinician(clinician)
    if referral.status != "assessed":
        raise WrongState(f"{referral.reference} is {referral.status.replace('_', ' ')}; the intervention starts after assessment")
    _move(db, referral, "in_intervention",
          intervention_started_on=_pathway_date(on, "date", referral, not_before=referral.assessment_on),
          intervention_started_within_target=on <= referral.intervention_start_by)  # type: ignore[operator]  # set when the referral was assessed
    add_event(db=db, referral=referral, kind="intervention_started", actor=clinician,
              detail="within the time limit" if referral.intervention_started_within_target else "after the time limit")
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail="intervention started")
    db.flush()
    return referral


def close(*, db: Session, referral: Referral, clinician: User, letter: str,
          screening: Screening | None = None) -> Referral:
    """End of contact: the letter goes to the referrer and a follow-up call is due in six months."""
    _clinician(clinician)
    if referral.status in ("closed", "withdrawn"):
        raise WrongState(f"{referral.reference} is already {referral.status}")
    letter = _free_text(letter, "letter", minimum=40)
    scored = _check_scores(referral, "end_of_intervention", screening)
    now = clock.now()
    _move(db, referral, "closed", closed_at=now, closed_by_id=clinician.id, end_of_contact_letter=letter,
          follow_up_on=rules.follow_up_date(now.astimezone(LONDON).date()))
    if scored and screening is not None:
        _store_scores(db, referral, "end_of_intervention", screening, clinician)
    _cancel_future_appointments(db, referral, clinician)
    add_event(db=db, referral=referral, kind="closed", actor=clinician,
              detail=f"end-of-contact letter sent; follow-up call due {referral.follow_up_on:%-d %B %Y}")
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail="closed")
    notify.queue(db, messages.closed(referral, notify.Recipient.for_user(db.get(User, referral.referrer_id))))
    db.flush()
    return referral


def withdraw(*, db: Session, referral: Referral, actor: User, reason: str) -> Referral:
    """The referrer (or a clinician) withdraws a referral that is still open."""
    if referral.referrer_id != actor.id and not actor.has_role(Role.clinician):
        raise ReferralNotFound(referral.reference)
    if referral.status in ("closed", "withdrawn"):
        raise WrongState(f"{referral.reference} is already {referral.status}")
    text = _free_text(reason, "reason", minimum=5)
    problem = identifying_problem(text)
    if problem:
        raise InvalidInput("reason", problem)
    _move(db, referral, "withdrawn", withdrawn_reason=text, closed_at=clock.now())
    _cancel_future_appointments(db, referral, actor)
    add_event(db=db, referral=referral, kind="withdrawn", actor=actor)
    record_event(db=db, actor=actor, action=Action.update, record=referral.reference, detail="withdrawn")
    db.flush()
    return referral


def linkage_rows(*, db: Session, actor: User) -> list[dict[str, str | None]]:
    """Reference and NHS numbers of every referral whose data-linkage consent is in force now
    (the newest consent record, so a later withdrawal removes the family); the export is audited."""
    rows = [{"reference": r.reference, "parent_nhs_number": r.parent_nhs_number, "infant_nhs_number": r.infant_nhs_number}
            for r in db.scalars(select(Referral).where(Referral.parent_nhs_number.is_not(None)).order_by(Referral.id))
            if current_consent(db=db, subject=r.reference, purpose=Purpose.data_linkage)]
    record_event(db=db, actor=actor, action=Action.export, record="referrals:linkage",
                 detail=f"data linkage export, {len(rows)} referrals with consent")
    return rows


def follow_ups_due(*, db: Session, on_or_before: date) -> list[Referral]:
    """Six-month follow-up calls that are due and not yet made, oldest first."""
    return list(db.scalars(select(Referral).where(
        Referral.follow_up_on <= on_or_before, Referral.follow_up_done_at.is_(None)).order_by(Referral.follow_up_on)))


FOLLOW_UP_NOTE_LIMIT = 300


def complete_follow_up(*, db: Session, referral: Referral, clinician: User, note: str = "") -> Referral:
    """Record the six-month call as made now. Early is allowed (the timeline says how early): a family
    is sometimes reached before the date (they ring in, or the clinician is away that week), and
    refusing would leave a call that happened unrecorded until it showed up in the queue as due.
    The optional note goes into the timeline, which is plain text shown to every clinician, so it
    must not identify the family: names and addresses are refused as well as identifier shapes."""
    _clinician(clinician)
    if referral.follow_up_on is None or referral.follow_up_done_at is not None:
        raise WrongState(f"{referral.reference} has no follow-up call waiting")
    note = " ".join((note or "").split())
    if len(note) > FOLLOW_UP_NOTE_LIMIT:
        raise InvalidInput("note", f"keep the note to {FOLLOW_UP_NOTE_LIMIT} characters or fewer")
    problem = identifying_problem(note) or (
        "It contains a name or an address: remove it so the family cannot be identified."
        if redact_people(note) != redact(note) else None)
    if problem:
        raise InvalidInput("note", problem)
    now = clock.now()
    early = (referral.follow_up_on - now.astimezone(LONDON).date()).days
    detail = "six-month follow-up call made" + (
        f", {early} day{'s' if early > 1 else ''} before it was due" if early > 0 else "")
    # Two clinicians recording the same call at once: the first is kept, the second told.
    if not conditional_update(db, referral, Referral.follow_up_done_at.is_(None), follow_up_done_at=now):
        raise WrongState(f"{referral.reference}: the follow-up call was recorded at the same moment by someone else")
    add_event(db=db, referral=referral, kind="follow_up_call", actor=clinician,
              detail=detail + (f"; note: {note}" if note else ""))
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference, detail="follow-up call recorded")
    db.flush()
    return referral
