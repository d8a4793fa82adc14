from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consult.auth.models import Role, User
from consult.auth.service import add_user
from consult.clock import LONDON
from consult.core.calendar import add_closure
from consult.jobs import run_job
from consult.workforce import supervision
from consult.workforce.jobs import send_supervision_reminders
from consult.workforce.models import Attendance, SupervisionSession
from consult.workforce.supervision import SupervisionError

MIDWIFE, FPP = "Perinatal mental health midwife", "Family Partnership Programme lead"


def _people(db, n, district="Dover"):
    return [add_user(db=db, name=f"Member {district} {i}", email=f"member{district.lower()}{i}@nhs.net",
                     role=Role.practitioner, district=district) for i in range(n)]


@pytest.fixture
def group(db, clinician):
    supervisor = db.get(User, clinician.id)
    return supervision.create_group(db=db, name="Dover supervision group", district="Dover", supervisor=supervisor,
                                    location="Dover Family Hub")


def test_sessions_follow_the_second_tuesday_and_are_generated_once(db, group):
    added = supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 23), end=date(2027, 3, 1))
    starts = [s.starts_at.astimezone(LONDON) for s in db.scalars(select(SupervisionSession).order_by(SupervisionSession.starts_at))]
    assert added == 3
    assert [(d.date(), d.hour, d.minute) for d in starts] == [
        (date(2026, 12, 8), 10, 0), (date(2027, 1, 12), 10, 0), (date(2027, 2, 9), 10, 0)]
    assert supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 23), end=date(2027, 3, 1)) == 0


def test_a_closure_on_the_rule_day_moves_the_session_a_week_on(db, group):
    add_closure(db=db, day=date(2026, 12, 8), reason="Team training day")
    supervision.generate_sessions(db=db, group=group, start=date(2026, 12, 1), end=date(2027, 1, 1))
    assert [s.starts_at.astimezone(LONDON).date() for s in group.sessions] == [date(2026, 12, 15)]


def test_a_bank_holiday_on_the_rule_day_is_skipped(db, clinician):
    # The first Monday of May 2027 is the early May bank holiday.
    monday = supervision.create_group(db=db, name="Monday group", district="Thanet", weekday=0, week_of_month=1)
    supervision.generate_sessions(db=db, group=monday, start=date(2027, 5, 1), end=date(2027, 6, 1))
    assert [s.starts_at.astimezone(LONDON).date() for s in monday.sessions] == [date(2027, 5, 10)]


def test_the_scheduling_job_fills_every_group_to_the_horizon_and_reruns_add_nothing(db, group):
    db.commit()
    assert run_job("workforce-schedule-supervision") == 3  # Dec, Jan, Feb within 3 months of 23 Nov
    assert run_job("workforce-schedule-supervision") == 0


def test_membership_turnover_keeps_who_was_in_the_group_when(db, group, clinician):
    leaving, staying, joining = _people(db, 3)
    first = supervision.add_member(db=db, group=group, user=leaving, member_role=MIDWIFE, joined_on=date(2026, 1, 5))
    supervision.add_member(db=db, group=group, user=staying, member_role=FPP, joined_on=date(2026, 1, 5))
    supervision.remove_member(db=db, membership_id=first.id, left_on=date(2026, 6, 30), reason="Moved post")
    supervision.add_member(db=db, group=group, user=joining, member_role=MIDWIFE, joined_on=date(2026, 7, 1))
    def names(on):
        return sorted(m.user.name for m in supervision.members_on(db=db, group_id=group.id, on=on))
    assert names(date(2026, 3, 1)) == ["Member Dover 0", "Member Dover 1"]
    assert names(date(2026, 9, 1)) == ["Member Dover 1", "Member Dover 2"]


def test_a_practitioner_is_in_one_group_at_a_time_and_groups_have_a_size(db, group):
    people = _people(db, 5)
    for person in people[:4]:
        supervision.add_member(db=db, group=group, user=person, member_role=MIDWIFE)
    with pytest.raises(SupervisionError, match="already has 4"):
        supervision.add_member(db=db, group=group, user=people[4], member_role=MIDWIFE)
    other = supervision.create_group(db=db, name="Other", district="Ashford")
    with pytest.raises(SupervisionError, match="already in a supervision group"):
        supervision.add_member(db=db, group=other, user=people[0], member_role=MIDWIFE)
    with pytest.raises(SupervisionError, match="role"):
        supervision.add_member(db=db, group=other, user=people[4], member_role="Chef")


def test_attendance_is_recorded_for_members_after_the_session_starts(db, group, clinician, clock):
    actor = db.get(User, clinician.id)
    member, stranger = _people(db, 2)
    supervision.add_member(db=db, group=group, user=member, member_role=FPP, joined_on=date(2026, 11, 1))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 12, 1), end=date(2027, 1, 1))
    session = group.sessions[0]
    with pytest.raises(SupervisionError, match="once the session has started"):
        supervision.record_attendance(db=db, session=session, user_id=member.id, status=Attendance.attended, actor=actor)
    clock.advance(timedelta(days=15))
    with pytest.raises(SupervisionError, match="not in the group"):
        supervision.record_attendance(db=db, session=session, user_id=stranger.id, status=Attendance.attended, actor=actor)
    supervision.record_attendance(db=db, session=session, user_id=member.id, status=Attendance.did_not_attend, actor=actor)
    row = supervision.record_attendance(db=db, session=session, user_id=member.id, status=Attendance.attended, actor=actor)
    assert row.status == Attendance.attended and session.status.value == "held" and len(session.attendance) == 1


def test_clinicians_list_groups_with_members_and_next_session(client, db, group, clinician, practitioner):
    for person in _people(db, 3):
        supervision.add_member(db=db, group=group, user=person, member_role=FPP)
    supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 23), end=date(2027, 2, 1))
    db.commit()
    body = client.get("/api/supervision/groups", headers=clinician.headers).json()
    assert body == {"groups": [{"id": group.id, "name": "Dover supervision group", "district": "Dover", "members": 3,
                                "next_session": "2026-12-08T10:00:00+00:00", "supervisor": "Priya Castell"}]}
    assert client.get("/api/supervision/groups", headers=practitioner.headers).status_code == 403


def test_members_are_reminded_once_before_their_session(db, group, clock):
    for person in _people(db, 2):
        supervision.add_member(db=db, group=group, user=person, member_role=FPP)
    supervision.generate_sessions(db=db, group=group, start=date(2026, 12, 1), end=date(2027, 1, 1))
    assert send_supervision_reminders(db=db) == 0  # 8 December is more than 2 days away
    clock.advance(timedelta(days=14))  # Monday 7 December
    assert send_supervision_reminders(db=db) == 2
    assert send_supervision_reminders(db=db) == 0
