"""Supervision and training records in subject access, erasure and the retention purge
(registered on import).

The workforce tables name people only by account id: names and emails live in `users`, which the
account source anonymises. What else could say something about a person is free text: why they
left a supervision group and the comment on a training feedback form. Erasure clears both for the
person; the purge clears them for everyone once they are older than identifiable_data_years.
Memberships, attendance marks, bookings, roles and feedback scores stay, tied to the (by then
anonymised) account, because the workforce figures count them; they hold nothing identifying
once the account is erased, so there is nothing more to purge.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.clock import LONDON
from consult.contract import RetentionPurger, SubjectSource
from consult.privacy.subject_access import ERASURE_ACTOR, Subject, subject_user_ids
from consult.workforce import supervision, training
from consult.workforce.development import development_record
from consult.workforce.models import GroupMembership, TrainingBooking, TrainingFeedback


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def _training(db: Session, booking: TrainingBooking) -> dict[str, Any]:
    fb = booking.feedback
    return {
        **training.booking_view(db=db, booking=booking),
        "approval_decided_at": _iso(booking.approved_at), "booked_at": _iso(booking.booked_at),
        "cancelled_at": _iso(booking.cancelled_at),
        "feedback": None if fb is None else {
            "submitted_at": _iso(fb.submitted_at), "confidence_before": fb.confidence_before,
            "confidence_after": fb.confidence_after, "usefulness": fb.usefulness, "comment": fb.comment},
    }


def export_workforce(db: Session, subject: Subject) -> dict[str, Any] | None:
    users = [db.get(User, uid) for uid in subject_user_ids(db, subject)]
    if not users:
        return None
    user = users[0]  # emails are unique
    memberships = db.scalars(select(GroupMembership).where(GroupMembership.user_id == user.id)  # type: ignore[arg-type,union-attr]
                             .order_by(GroupMembership.joined_on)).all()
    attendance = supervision.attendance_history(db=db, user=user)  # type: ignore[arg-type]
    bookings = training.bookings_for(db=db, user=user)  # type: ignore[arg-type]
    if not (memberships or attendance or bookings):
        return None
    record = development_record(db=db, user=user)  # type: ignore[arg-type]
    return {
        "supervision_groups": [
            {"group": m.group.name, "district": m.group.district, "member_role": m.member_role,
             "joined_on": _iso(m.joined_on), "left_on": _iso(m.left_on), "leaving_reason": m.leaving_reason}
            for m in memberships],
        "supervision_attendance": [
            {"session_start": _iso(s.starts_at), "group": s.group.name, "attendance": status.value}
            for s, status in attendance],
        "training_bookings": [_training(db, b) for b in bookings],
        # The development record is built from the rows above and the consultations source's requests.
        "development_record": {"supervision_sessions_attended": record.supervision_attended,
                               "training_completed": record.training_completed,
                               "confidence_change": record.confidence_change},
    }


def _clear_text(db: Session, *, memberships: Sequence[ColumnElement[bool]], feedback: Sequence[ColumnElement[bool]]) -> int:
    """Clear leaving reasons and feedback comments matching the given conditions."""
    left = db.execute(update(GroupMembership).where(*memberships, GroupMembership.leaving_reason.is_not(None))
                      .values(leaving_reason=None).execution_options(synchronize_session="fetch"))
    commented = db.execute(update(TrainingFeedback).where(*feedback, TrainingFeedback.comment != "")
                           .values(comment="").execution_options(synchronize_session="fetch"))
    return (left.rowcount or 0) + (commented.rowcount or 0)  # type: ignore[attr-defined]


def erase_workforce(db: Session, subject: Subject) -> int:
    user_ids = subject_user_ids(db, subject)
    if not user_ids:
        return 0
    # Someone erased has left: their current group and their places on courses to come are given up first.
    ended = 0
    for membership in db.scalars(select(GroupMembership).where(
            GroupMembership.user_id.in_(user_ids), GroupMembership.left_on.is_(None))):
        supervision.remove_member(db=db, membership_id=membership.id, actor=ERASURE_ACTOR)
        ended += 1
    released = training.release_places(db=db, user_ids=list(user_ids), actor=ERASURE_ACTOR)
    their_bookings = select(TrainingBooking.id).where(TrainingBooking.user_id.in_(user_ids))
    return ended + released + _clear_text(db, memberships=[GroupMembership.user_id.in_(user_ids)],
                                          feedback=[TrainingFeedback.booking_id.in_(their_bookings)])


def purge_old_workforce_text(db: Session, cutoff: datetime) -> int:
    return _clear_text(db, memberships=[GroupMembership.left_on < cutoff.astimezone(LONDON).date()],
                       feedback=[TrainingFeedback.submitted_at < cutoff])


PURGER = RetentionPurger("workforce", purge_old_workforce_text)
SOURCE = SubjectSource("workforce", export=export_workforce, erase=erase_workforce)
