"""Consultations and personal data: a check that free text about a case does not carry obvious
identifiers, and the requests' part in subject access and erasure (the retention purge is in
retention.py).

Summaries and advice are meant to be non-identifying; identifying_problem catches the common slips
(an NHS or phone number, a date of birth, a postcode, an email address) before they are stored or
sent. It is a safety net, not a guarantee, which is why the text is also encrypted at rest.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.consultations.models import Consultation, ConsultationEvent
from consult.consultations.retention import PURGED, replace_events
from consult.contract import SubjectSource
from consult.privacy.accounts import ERASED_NAME
from consult.privacy.audit import Action, record_event
from consult.privacy.redact import identifier_kinds, in_words
from consult.privacy.subject_access import ERASURE_ACTOR, Subject, subject_user_ids


def identifying_problem(text: str) -> str | None:
    """A sentence naming every kind of identifier found at once (never echoing one), or None when
    the text looks clean. The same words on the web, the API and Slack, short enough for a Slack
    modal's error line (150 characters)."""
    kinds = identifier_kinds(text)
    if not kinds:
        return None
    return f"It contains {in_words(kinds)}: remove {'it' if len(kinds) == 1 else 'them'} so the family cannot be identified."


# -- subject access and erasure (registered with consult.privacy.subject_access on import) ----
# A practitioner's export holds the requests they asked, with the words they and the clinician
# wrote, and which requests they acted on as a clinician (reference, step, time). No one else's
# name: the timeline of their requests names clinicians, so it stays out.
#
# Erasure anonymises the person, not the case: their name, email, Slack id, organisation,
# call-back number and window, the learning needs noted about them and their feedback comment go,
# and their name is replaced on every timeline line, including "offered to ..." lines naming a
# clinician who asks. The summary and the advice stay until the retention purge: they describe a
# family's situation without naming anyone (identifying_problem refuses identifiers), they are
# the clinical record of advice given, and docs/security.md says so.


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _theirs(db: Session, subject: Subject, user_ids: list[int]) -> list[Consultation]:
    # By account and by the email recorded on the request, so a request is still found when the
    # account was erased (or merged) before the request was.
    found = [Consultation.practitioner_id.in_(user_ids)] if user_ids else []
    if subject.email:
        found.append(Consultation.practitioner_email == subject.email)  # type: ignore[arg-type]
    if not found:
        return []
    return list(db.scalars(select(Consultation).where(or_(*found)).order_by(Consultation.received_at)))


def _asked(c: Consultation) -> dict[str, Any]:
    fb = c.feedback
    return {
        "reference": c.reference, "received_at": _iso(c.received_at), "status": c.status, "channel": c.channel,
        "urgency": c.urgency, "district": c.district, "concerns": c.concern_codes,
        "infant_age_months": c.infant_age_months, "antenatal": c.antenatal, "summary": c.summary,
        "preferred_contact": c.preferred_contact, "callback_phone": c.callback_phone,
        "callback_window": c.callback_window,
        "recorded_as": {"name": c.practitioner_name, "email": c.practitioner_email, "role": c.practitioner_role,
                        "organisation": c.organisation, "organisation_type": c.organisation_type},
        "advised_at": _iso(c.advised_at), "advice": c.advice, "recommendation": c.recommendation,
        "thrive": c.thrive, "learning_needs": c.learning_needs, "closed_at": _iso(c.closed_at),
        "feedback": None if fb is None else {
            "given_at": _iso(fb.given_at), "helpfulness": fb.helpfulness, "confidence_before": fb.confidence_before,
            "confidence_after": fb.confidence_after, "comment": fb.comment},
    }


def export_consultations(db: Session, subject: Subject) -> dict[str, list[Any]] | None:
    user_ids = subject_user_ids(db, subject)
    asked = _theirs(db, subject, user_ids)
    handled = db.execute(
        select(Consultation.reference, ConsultationEvent.kind, ConsultationEvent.at)
        .join(Consultation, Consultation.id == ConsultationEvent.consultation_id)
        .where(ConsultationEvent.actor_id.in_(user_ids), Consultation.practitioner_id.not_in(user_ids))
        .order_by(ConsultationEvent.at, ConsultationEvent.id)
    ).all() if user_ids else []
    if not (asked or handled):
        return None
    return {"asked": [_asked(c) for c in asked],
            "handled": [{"reference": ref, "step": kind, "at": _iso(at)} for ref, kind, at in handled]}


def _names(db: Session, person_ids: set[int], asked: list[Consultation]) -> dict[str, int]:
    """{a name the person went by: their account id}, for finding it in timeline details."""
    names = dict(db.execute(select(User.name, User.id).where(User.id.in_(person_ids))).all()) if person_ids else {}
    names.update({c.practitioner_name: c.practitioner_id for c in asked})
    return {name: uid for name, uid in names.items()
            if len(name) > 3 and name != PURGED and not name.startswith(ERASED_NAME.format(""))}


def _erase_from_timeline(db: Session, person_ids: set[int], names: dict[str, int]) -> int:
    E = ConsultationEvent
    changes: dict[int, dict[str, str]] = {}
    if person_ids:
        acted = select(E.id, E.actor_id, E.actor_name).where(E.actor_id.in_(person_ids))
        for event_id, actor_id, actor_name in db.execute(acted):
            if actor_name != ERASED_NAME.format(actor_id) and actor_name != PURGED:
                changes[event_id] = {"actor_name": ERASED_NAME.format(actor_id)}
    if names:
        mentions = or_(*[E.detail.contains(name, autoescape=True) for name in names])
        for event_id, detail in db.execute(select(E.id, E.detail).where(mentions)):
            new = detail
            for name, uid in names.items():
                new = new.replace(name, ERASED_NAME.format(uid))
            if new != detail:
                changes.setdefault(event_id, {})["detail"] = new
    return replace_events(db, changes)


def erase_consultations(db: Session, subject: Subject) -> int:
    """Anonymise the person on requests they asked and on every timeline line; returns the
    requests and timeline lines changed (0 the second time)."""
    user_ids = subject_user_ids(db, subject)
    asked = [c for c in _theirs(db, subject, user_ids)
             if c.practitioner_name not in (PURGED, ERASED_NAME.format(c.practitioner_id))]
    person_ids = set(user_ids) | {c.practitioner_id for c in asked}
    names = _names(db, person_ids, asked)
    for c in asked:
        c.practitioner_name, c.practitioner_email = ERASED_NAME.format(c.practitioner_id), None
        c.practitioner_slack_id = c.organisation = c.callback_phone = c.callback_window = c.learning_needs = None
        if c.feedback is not None:
            c.feedback.comment = None
        record_event(db=db, actor=ERASURE_ACTOR, action=Action.purge, record=c.reference,
                     detail="the practitioner's identity erased on their request; the case record kept")
    db.flush()
    return len(asked) + _erase_from_timeline(db, person_ids, names)


SOURCE = SubjectSource("consultations", export=export_consultations, erase=erase_consultations)
