"""A supervision session cancelled while its attendance is being recorded: one of them stands.

Two database sessions read the supervision session as scheduled, then act at the same instant
on real threads; SQLite by default, PostgreSQL with PIMH_TEST_POSTGRES_URL.
"""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from consult.auth.models import Role, User
from consult.auth.service import add_user
from consult.db import session_factory
from consult.workforce import supervision
from consult.workforce.models import Attendance, SupervisionAttendance, SupervisionSession
from consult.workforce.supervision import SupervisionError
from tests.racing import race


def test_cancelling_and_recording_attendance_at_once_never_leave_a_cancelled_session_with_attendance(db, clock, clinician):
    supervisor = db.get(User, clinician.id)
    group = supervision.create_group(db=db, name="Dover supervision group", district="Dover", supervisor=supervisor,
                                     location="Dover Family Hub")
    member = add_user(db=db, name="Member Dover Race", email="member.race@nhs.net", role=Role.practitioner, district="Dover")
    supervision.add_member(db=db, group=group, user=member, member_role="Family Partnership Programme lead",
                           joined_on=date(2026, 11, 1))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 12, 1), end=date(2027, 4, 1))
    db.commit()
    clock.advance(timedelta(days=130))
    factory = session_factory()
    for session_id in [s.id for s in group.sessions]:
        dbs = [factory(), factory()]
        read = [s.get(SupervisionSession, session_id) for s in dbs]
        [len(r.attendance) for r in read]  # both have seen it scheduled, with no attendance yet

        def act(i: int, dbs=dbs, read=read):
            def run() -> str:
                s = dbs[i]
                try:
                    actor = s.get(User, clinician.id)
                    if i == 0:
                        supervision.record_attendance(db=s, session=read[0], user_id=member.id,
                                                      status=Attendance.attended, actor=actor)
                    else:
                        supervision.cancel_session(db=s, session=read[1], actor=actor)
                    s.commit()
                    return "won"
                except SupervisionError as exc:
                    s.rollback()
                    assert exc.code == "closed"  # the code the API answers with 409
                    return "409"
                finally:
                    s.close()
            return run

        outcome = race([act(0), act(1)])
        assert sorted(outcome) == ["409", "won"]
        db.expire_all()
        stored = db.get(SupervisionSession, session_id)
        marks = db.scalar(select(func.count(SupervisionAttendance.id)).where(SupervisionAttendance.session_id == session_id))
        assert (stored.status.value, marks) == (("held", 1) if outcome[0] == "won" else ("cancelled", 0))
