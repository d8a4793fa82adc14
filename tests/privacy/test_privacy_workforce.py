"""Supervision and training records in subject access, erasure and the retention purge."""
from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select, text

from consult.auth.models import User
from consult.privacy.audit import search
from consult.privacy.retention import run_purge
from consult.privacy.subject_access import Subject, erase_subject, export_subject
from consult.workforce import supervision, training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.figures import workforce_figures
from consult.workforce.models import Attendance, GroupMembership, SupervisionAttendance, TrainingFeedback
from consult.workforce.training import SessionInput
from tests.workforce.helpers import DAY_ONE

MINE, THEIRS = "The video feedback day changed how I visit", "Too long a drive"
LEFT_BECAUSE = "Moving to a post in Dover after returning from maternity leave"
YEAR = dict(start=date(2026, 1, 1), end=date(2028, 1, 1))


def supervise(db, persona, recorder, *, left_because: str | None = None) -> None:
    """The persona in a Thanet group since January, at October's session; leaving in November if a reason is given."""
    group = supervision.create_group(db=db, name=f"Thanet group {persona.id}", district="Thanet")
    member = supervision.add_member(db=db, group=group, user=db.get(User, persona.id), member_role="Community matron",
                                    joined_on=date(2026, 1, 5))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 10, 1), end=date(2026, 11, 1))
    supervision.record_attendance(db=db, session=group.sessions[0], user_id=persona.id, status=Attendance.attended,
                                  actor=db.get(User, recorder.id))
    if left_because:
        supervision.remove_member(db=db, membership_id=member.id, left_on=date(2026, 11, 2), reason=left_because)
    db.commit()


def train(db, clock, manager, comments: list[tuple], *, start=DAY_ONE) -> dict[int, str]:
    """A two-day course a week apart (December by default); each (persona, comment) in `comments` attends both
    days and leaves feedback with their comment. The clock ends the day after the course.
    Returns {user id: booking reference}."""
    days = [SessionInput(start=start + timedelta(days=7 * i), end=start + timedelta(days=7 * i, hours=7),
                         venue="Canterbury Family Hub, training room", title=f"Day {i + 1}") for i in range(2)]
    course = training.create_course(db=db, title="Level 2 Attachment and Parent Infant Relationships", capacity=5,
                                    sessions=days)
    bookings = {persona.id: training.book(db=db, request=TrainingBookingRequest(course_id=course.id), user=db.get(User, persona.id))
                for persona, _ in comments}
    clock.advance(start + timedelta(days=8) - clock.now())
    for persona, comment in comments:
        booking = bookings[persona.id]
        for session in course.sessions:
            training.record_attendance(db=db, booking=booking, session_id=session.id, status=Attendance.attended,
                                       actor=db.get(User, manager.id))
        training.submit_feedback(db=db, booking=booking, user=db.get(User, persona.id), confidence_before=2,
                                 confidence_after=4, usefulness=5, comment=comment)
    db.commit()
    return {uid: b.reference for uid, b in bookings.items()}


def test_the_export_holds_the_persons_supervision_training_and_development_record_only(db, clock, practitioner, outsider,
                                                                                       clinician, manager):
    supervise(db, practitioner, clinician, left_because=LEFT_BECAUSE)
    refs = train(db, clock, manager, [(practitioner, MINE), (outsider, THEIRS)])
    held = export_subject(db=db, subject=Subject(email=practitioner.email))["data"]["workforce"]
    assert held["supervision_groups"][0]["leaving_reason"] == LEFT_BECAUSE
    assert held["supervision_groups"][0]["member_role"] == "Community matron"
    assert [a["attendance"] for a in held["supervision_attendance"]] == ["attended"]
    assert [b["reference"] for b in held["training_bookings"]] == [refs[practitioner.id]]
    booking = held["training_bookings"][0]
    assert booking["outcome"] == "completed" and [s["attendance"] for s in booking["sessions"]] == ["attended"] * 2
    assert booking["feedback"]["comment"] == MINE
    assert held["development_record"] == {"supervision_sessions_attended": 1, "training_completed": 1,
                                          "confidence_change": 2.0}
    dumped = json.dumps(held)
    for theirs in (refs[outsider.id], THEIRS, "Nell Outram", "Priya Castell", "Helen Marsh"):
        assert theirs not in dumped
    assert "workforce" not in export_subject(db=db, subject=Subject(email="nobody.here@nhs.net"))["data"]


def test_erasure_clears_the_persons_free_text_and_keeps_the_figures(db, clock, practitioner, outsider, clinician, manager):
    supervise(db, practitioner, clinician, left_because=LEFT_BECAUSE)
    train(db, clock, manager, [(practitioner, MINE), (outsider, THEIRS)])
    before = workforce_figures(db=db, **YEAR)
    assert erase_subject(db=db, subject=Subject(email=practitioner.email))["workforce"] == 2
    db.commit()
    assert db.scalar(select(GroupMembership.leaving_reason).where(GroupMembership.user_id == practitioner.id)) is None
    comments = dict(db.execute(text("SELECT b.user_id, f.comment FROM training_feedback f "
                                    "JOIN training_bookings b ON b.id = f.booking_id")).all())
    assert comments == {practitioner.id: "", outsider.id: THEIRS}
    # The marks stay, tied to the anonymised account, so the figures do not move.
    assert db.scalar(select(SupervisionAttendance.status).where(SupervisionAttendance.user_id == practitioner.id)) \
        == Attendance.attended
    assert workforce_figures(db=db, **YEAR) == before and before["training_feedback_forms"] == 2
    assert db.get(User, practitioner.id).name == f"Erased user {practitioner.id}"
    assert erase_subject(db=db, subject=Subject(email=practitioner.email))["workforce"] == 0


def test_the_purge_clears_old_leaving_reasons_and_feedback_comments_only_after_the_retention_period(
        db, clock, practitioner, outsider, clinician, manager):
    supervise(db, practitioner, clinician, left_because=LEFT_BECAUSE)
    train(db, clock, manager, [(practitioner, MINE)])  # given 17 Dec 2026
    train(db, clock, manager, [(outsider, THEIRS)], start=DAY_ONE + timedelta(days=42))  # given 28 Jan 2027
    clock.advance(timedelta(days=365 * 8))  # 26 Jan 2035: the cut-off is 26 Jan 2027, between the two
    before = workforce_figures(db=db, **YEAR)
    assert run_purge(db=db)["workforce"] == 2
    db.commit()
    assert db.scalar(select(GroupMembership.leaving_reason)) is None
    kept = sorted(db.scalars(select(TrainingFeedback.comment)).all())
    assert kept == ["", THEIRS]
    assert workforce_figures(db=db, **YEAR) == before
    assert run_purge(db=db)["workforce"] == 0
    assert [e.detail for e in search(db=db, record="retention:workforce").rows] == ["2 record(s) older than 8 years purged"]
    clock.advance(timedelta(days=40))
    assert run_purge(db=db)["workforce"] == 1 and db.scalars(select(TrainingFeedback.comment)).all() == ["", ""]


def test_erasure_gives_up_the_persons_group_and_their_place_on_a_course_to_come(db, clock, practitioner, outsider,
                                                                                 clinician):
    from consult.workforce.models import BookingStatus, TrainingBooking

    supervise(db, practitioner, clinician)  # still a member
    days = [SessionInput(start=DAY_ONE, end=DAY_ONE + timedelta(hours=7), venue="Canterbury Family Hub", title="Day 1")]
    course = training.create_course(db=db, title="Video interaction guidance taster", capacity=1, sessions=days)
    held = training.book(db=db, request=TrainingBookingRequest(course_id=course.id), user=db.get(User, practitioner.id))
    waiting = training.book(db=db, request=TrainingBookingRequest(course_id=course.id), user=db.get(User, outsider.id))
    db.commit()
    assert (held.status, waiting.status) == (BookingStatus.booked, BookingStatus.waiting_list)

    assert erase_subject(db=db, subject=Subject(email=practitioner.email))["workforce"] == 2
    db.commit()
    assert db.scalar(select(GroupMembership.left_on).where(GroupMembership.user_id == practitioner.id)) is not None
    statuses = dict(db.execute(select(TrainingBooking.user_id, TrainingBooking.status)).all())
    assert statuses == {practitioner.id: BookingStatus.cancelled, outsider.id: BookingStatus.booked}
    trail = [(e.actor, e.detail) for e in search(db=db, record=waiting.reference).rows]
    assert ("erasure request", f"given the place freed by {held.reference}") in trail
