"""Consultation requests in the nightly retention purge (registered on import).

Once the service's last contact on an ended request is older than the profile's
identifiable_data_years, the words and the people go: the summary, the advice, the call-back
number and window, the practitioner's name, email, Slack id and organisation, the learning needs
noted about them, the feedback comment, a close reason and the practitioner's name on the
timeline. The row keeps every column the figures read (dates, district, role, organisation type,
channel, outcome, THRIVE, cluster, scores, working hours, within-target flags, feedback scores),
so a quarterly return is the same before and after the purge.

"Ended" includes advised: a logged call is never closed, and advice is usually the last contact,
so waiting for a close would keep most requests' words for ever. "Last contact" is the newest
timeline event (feedback can follow a close), with the close or advice time as a floor.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import and_, delete, exists, func, insert, or_, select, update
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation, ConsultationEvent, ConsultationFeedback
from consult.contract import RetentionPurger
from consult.privacy.audit import Action, record_event

ENDED = ("advised", "closed", "withdrawn")
# The purged mark, also what readers see in place of the practitioner. Checking a plain column
# keeps the purge idempotent without decrypting anything.
PURGED = "(removed)"
PURGED_TEXT = "(removed after the retention period)"
BATCH = 500

_EVENTS = ConsultationEvent.__table__


def replace_events(db: Session, changes: Mapping[int, Mapping[str, str]]) -> int:
    """Give timeline events new actor_name/detail values: {event id: {column: value}}.

    The database refuses UPDATE on the append-only timeline but allows DELETE for exactly this
    (migration 0002): each row is deleted and written again with its own id, time and kind, so
    the timeline keeps its order and nothing else about it changes."""
    if not changes:
        return 0
    db.flush()
    ids = list(changes)
    rows = [dict(row._mapping) for row in db.execute(select(_EVENTS).where(_EVENTS.c.id.in_(ids)))]
    db.execute(delete(_EVENTS).where(_EVENTS.c.id.in_(ids)))  # type: ignore[arg-type]
    db.execute(insert(_EVENTS), [{**row, **changes[row["id"]]} for row in rows])  # type: ignore[arg-type]
    for held in list(db.identity_map.values()):  # loaded copies would still show the old words
        if isinstance(held, ConsultationEvent) and held.id in changes:
            db.expire(held)
    return len(rows)


def due_for_purge(db: Session, cutoff: datetime) -> list[tuple[int, str]]:
    """(id, reference) of ended, not yet purged requests with no contact since `cutoff`."""
    recent = exists().where(ConsultationEvent.consultation_id == Consultation.id, ConsultationEvent.at >= cutoff)
    return [tuple(row) for row in db.execute(  # type: ignore[misc]
        select(Consultation.id, Consultation.reference).where(
            Consultation.status.in_(ENDED), Consultation.practitioner_name != PURGED,
            func.coalesce(Consultation.closed_at, Consultation.advised_at) < cutoff, ~recent,
        ).order_by(Consultation.id)
    ).all()]


def _purge_batch(db: Session, ids: list[int]) -> None:
    db.execute(update(Consultation).where(Consultation.id.in_(ids)).values(
        practitioner_name=PURGED, practitioner_email=None, practitioner_slack_id=None, organisation=None,
        summary=PURGED_TEXT, callback_phone=None, callback_window=None, learning_needs=None,
    ))
    db.execute(update(Consultation).where(Consultation.id.in_(ids), Consultation.advice.is_not(None))
               .values(advice=PURGED_TEXT))
    db.execute(update(ConsultationFeedback)
               .where(ConsultationFeedback.consultation_id.in_(ids), ConsultationFeedback.comment.is_not(None))
               .values(comment=None))
    # The practitioner's name where they acted (asked, withdrew, gave feedback) and the one
    # free-text detail (a close reason); generated details ("outcome: ...") stay.
    by_practitioner = ConsultationEvent.actor_id == Consultation.practitioner_id
    closed_with_reason = and_(ConsultationEvent.kind == "closed", ConsultationEvent.detail != "")
    rows = db.execute(
        select(ConsultationEvent.id, by_practitioner, closed_with_reason)
        .join(Consultation, Consultation.id == ConsultationEvent.consultation_id)
        .where(ConsultationEvent.consultation_id.in_(ids), or_(by_practitioner, closed_with_reason))
    ).all()
    replace_events(db, {event_id: {**({"actor_name": PURGED} if theirs else {}), **({"detail": ""} if reason else {})}
                        for event_id, theirs, reason in rows})


def purge_old_consultations(db: Session, cutoff: datetime) -> int:
    due = due_for_purge(db, cutoff)
    for start in range(0, len(due), BATCH):
        batch = due[start:start + BATCH]
        _purge_batch(db, [cid for cid, _ in batch])
        for _, reference in batch:
            record_event(db=db, actor="retention job", action=Action.purge, record=reference,
                         detail="identifiable text and the practitioner's details removed after the retention period")
    db.flush()
    return len(due)


PURGER = RetentionPurger("consultations", purge_old_consultations)
