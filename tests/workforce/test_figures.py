"""The report figures against a small history whose answers were worked out by hand."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from consult.auth.models import Role, User
from consult.auth.service import add_user
from consult.clock import LONDON
from consult.workforce import supervision, training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.figures import workforce_figures
from consult.workforce.models import Attendance, SessionStatus, SupervisionSession
from consult.workforce.training import SessionInput

A, DNA, APOL = Attendance.attended, Attendance.did_not_attend, Attendance.apologies


def _course(db, first_day: datetime, capacity: int):
    return training.create_course(db=db, title=f"Level 2 from {first_day:%d %b}", capacity=capacity, sessions=[
        SessionInput(first_day, first_day + timedelta(hours=7), "Ashford Family Hub"),
        SessionInput(first_day + timedelta(days=7), first_day + timedelta(days=7, hours=7), "Ashford Family Hub")])


def _history(db, clock, manager_id):
    manager = db.get(User, manager_id)
    people = [add_user(db=db, name=f"Person {i}", email=f"person{i}@nhs.net", role=Role.practitioner) for i in range(6)]
    clock.set(datetime(2026, 8, 3, 9, tzinfo=LONDON))
    # Supervision: three members from January; sessions in Sept (outside), Oct and Nov (inside), one Oct cancelled.
    group = supervision.create_group(db=db, name="Ashford group", district="Ashford")
    for p in people[:3]:
        supervision.add_member(db=db, group=group, user=p, member_role="Community matron", joined_on=date(2026, 1, 6))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 9, 1), end=date(2026, 12, 1))
    sept, octo, nov = group.sessions
    db.add(SupervisionSession(group_id=group.id, starts_at=datetime(2026, 10, 20, 10, tzinfo=LONDON),
                              ends_at=datetime(2026, 10, 20, 11, tzinfo=LONDON), status=SessionStatus.cancelled))
    # Training: a September course (outside the quarter) and an October one (inside).
    september, october = _course(db, datetime(2026, 9, 16, 9, 30, tzinfo=LONDON), 2), _course(db, datetime(2026, 10, 14, 9, 30, tzinfo=LONDON), 3)  # noqa: E501
    old = training.book(db=db, request=TrainingBookingRequest(course_id=september.id), user=people[5])
    b1, b2, b3, waiting, gone = (training.book(db=db, request=TrainingBookingRequest(course_id=october.id), user=p) for p in people[:5])
    training.cancel(db=db, reference=gone.reference, actor=people[4])  # a waiting-list place, so no promotion
    clock.set(datetime(2026, 11, 23, 10, tzinfo=LONDON))
    marks = {sept: [A, A, A], octo: [A, A, DNA], nov: [A, APOL, A]}
    for session, statuses in marks.items():
        for person, status in zip(people[:3], statuses, strict=False):
            supervision.record_attendance(db=db, session=session, user_id=person.id, status=status, actor=manager)
    day1, day2 = october.sessions
    for booking, (first, second) in ((b1, (A, A)), (b2, (A, DNA)), (b3, (A, A))):
        training.record_attendance(db=db, booking=booking, session_id=day1.id, status=first, actor=manager)
        training.record_attendance(db=db, booking=booking, session_id=day2.id, status=second, actor=manager)
    for s in september.sessions:
        training.record_attendance(db=db, booking=old, session_id=s.id, status=A, actor=manager)
    db.flush()
    for booking, user, before, after in ((b1, people[0], 2, 4), (b3, people[2], 3, 4), (old, people[5], 1, 5)):
        db.refresh(booking)
        training.submit_feedback(db=db, booking=booking, user=user, confidence_before=before, confidence_after=after, usefulness=5)
    db.commit()


def test_quarter_figures_match_the_hand_count(db, clock, manager):
    _history(db, clock, manager.id)
    figures = workforce_figures(db=db, start=date(2026, 10, 1), end=date(2027, 1, 1))
    # Supervision Oct (A, A, DNA) and Nov (A, apologies, A) held: 4 attended of 6 expected places.
    assert figures["supervision_sessions"] == 2
    assert figures["supervision_sessions_cancelled"] == 1
    assert figures["supervision_attended"] == 4
    assert figures["supervision_attendance_pct"] == 66.7
    assert figures["supervision_did_not_attend"] == 1 and figures["supervision_apologies"] == 1
    # October course: three places taken, two completed both days, one missed day two.
    assert figures["training_courses"] == 1
    assert figures["training_delegates"] == 3
    assert figures["training_completed"] == 2
    assert figures["training_completion_pct"] == 66.7
    assert figures["training_did_not_attend"] == 1
    assert figures["training_waiting_list"] == 1 and figures["training_cancelled"] == 1
    # Feedback 2->4 and 3->4: mean change 1.5; September's 1->5 belongs to the previous quarter.
    assert figures["training_feedback_forms"] == 2
    assert figures["training_confidence_before_mean"] == 2.5
    assert figures["training_confidence_after_mean"] == 4.0
    assert figures["training_confidence_change"] == 1.5


def test_the_previous_quarter_holds_the_september_activity(db, clock, manager):
    _history(db, clock, manager.id)
    figures = workforce_figures(db=db, start=date(2026, 7, 1), end=date(2026, 10, 1))
    assert figures["supervision_sessions"] == 1 and figures["supervision_attendance_pct"] == 100.0
    assert figures["training_delegates"] == 1 and figures["training_completed"] == 1
    assert figures["training_confidence_change"] == 4.0
    assert figures["supervision_members_joined"] == 0


def test_an_empty_period_gives_zeros_and_no_percentages(db):
    figures = workforce_figures(db=db, start=date(2025, 1, 1), end=date(2025, 4, 1))
    assert figures["supervision_sessions"] == 0 and figures["supervision_attendance_pct"] is None
    assert figures["training_delegates"] == 0 and figures["training_confidence_change"] is None


def test_managers_get_the_figures_over_the_api(client, db, clock, manager, practitioner):
    _history(db, clock, manager.id)
    response = client.get("/api/workforce/figures?start=2026-10-01&end=2027-01-01", headers=manager.headers)
    assert response.status_code == 200
    assert response.json()["training_completed"] == 2 and response.json()["supervision_sessions"] == 2
    assert client.get("/api/workforce/figures?start=2026-10-01&end=2027-01-01", headers=practitioner.headers).status_code == 403
    assert client.get("/api/workforce/figures?start=2026-10-01&end=2026-01-01", headers=manager.headers).status_code == 422


def test_the_quarterly_return_carries_the_workforce_figures(client, db, clock, manager):
    _history(db, clock, manager.id)
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers)
    assert report.status_code == 200
    body = report.json()
    assert (body["supervision_sessions"], body["supervision_attendance_pct"]) == (2, 66.7)
    assert (body["training_delegates"], body["training_completed"]) == (3, 2)


def test_the_dashboard_and_the_annual_statement_show_the_hand_counted_workforce_figures(client, db, clock, manager):
    import re

    _history(db, clock, manager.id)
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"csrf_token": token, "email": manager.email, "password": manager.password, "next": "/"})
    dashboard = client.get("/reports/dashboard?quarter=2026Q4").text
    assert '<span class="stat">2</span> supervision sessions held, 66.7% attendance' in dashboard
    # October course: b2 missed day two; feedback 2->4 and 3->4 (September's form is last quarter's).
    assert '<span class="stat">3</span> training delegates, 2 completed, 1 did not attend</li>' in dashboard
    assert ('<span class="stat">1.5</span> mean change in confidence after training (1–5 scale, 2 feedback forms)</li>'
            in dashboard)
    # 2026-27 (April to March) holds September too: supervision 7 of 9 places, both courses,
    # confidence changes +2, +1 and +4 from the three feedback forms.
    annual = client.get("/reports/annual?year=2026").text
    assert "<dt>Supervision</dt><dd>3 sessions held, 3 practitioners attended, attendance 77.8%</dd>" in annual
    assert ("<dt>Training</dt><dd>2 courses, 4 delegates, 3 completed (75.0%), 1 did not attend; "
            "3 feedback forms, confidence change 2.33</dd>") in annual
