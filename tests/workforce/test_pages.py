from __future__ import annotations

import re
from datetime import date, timedelta

from consult.auth.models import User
from consult.workforce import supervision
from consult.workforce.models import Attendance

from .helpers import course_body


def _sign_in(client, persona) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"csrf_token": token, "email": persona.email, "password": persona.password, "next": "/"})
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/training").text).group(1)


def _course(client, manager, capacity=1) -> int:
    return client.post("/api/training/courses", json=course_body(capacity), headers=manager.headers).json()["id"]


def test_a_practitioner_books_from_the_course_page_and_sees_the_booking(client, manager, practitioner):
    course_id = _course(client, manager)
    csrf = _sign_in(client, practitioner)
    page = client.get("/training")
    assert "1 of 1 places left" in page.text and "Book a place" in page.text
    assert client.post(f"/training/{course_id}/book", data={"csrf_token": "wrong"}).status_code == 400
    mine = client.post(f"/training/{course_id}/book", data={"csrf_token": csrf})
    assert mine.status_code == 200 and "You have a place" in mine.text and "TRN-" in mine.text
    assert "Full" in client.get("/training").text


def test_a_practitioner_cancels_from_my_bookings(client, manager, practitioner):
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).json()["reference"]
    csrf = _sign_in(client, practitioner)
    done = client.post(f"/training/bookings/{reference}/cancel", data={"csrf_token": csrf})
    assert "Cancelled " + reference in done.text
    assert client.get("/api/training/courses", headers=practitioner.headers).json()["courses"][0]["places_left"] == 1


def test_a_manager_creates_a_course_from_the_form_with_errors_next_to_fields(client, manager):
    csrf = _sign_in(client, manager)
    bad = client.post("/training/manage", data={"csrf_token": csrf, "title": "", "capacity": "0", "day1_date": "2026-12-09",
                                                  "day1_start": "09:30", "day1_end": "16:30", "day1_venue": ""})
    assert bad.status_code == 422
    assert "Enter the course title." in bad.text and "Enter day 1&#39;s venue" in bad.text and "error-summary" in bad.text
    good = client.post("/training/manage", data={
        "csrf_token": csrf, "title": "Level 2 Attachment", "capacity": "12", "day1_title": "Day 1: attachment",
        "day1_date": "2026-12-09", "day1_start": "09:30", "day1_end": "16:30", "day1_venue": "Ashford Family Hub",
        "day2_date": "2026-12-16", "day2_start": "09:30", "day2_end": "16:30", "day2_venue": "Ashford Family Hub"})
    assert good.status_code == 200 and "Course created" in good.text
    course = client.get("/api/training/courses", headers=manager.headers).json()["courses"][0]
    assert course["capacity"] == 12 and course["sessions"][1]["start"] == "2026-12-16T09:30:00+00:00"


def test_a_manager_approves_a_delegate_and_records_attendance(client, db, manager, practitioner, clock):
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).json()["reference"]
    csrf = _sign_in(client, manager)
    page = client.post(f"/training/manage/bookings/{reference}/approval", data={"csrf_token": csrf, "decision": "approve"})
    assert "Jo Pellow: approved" in page.text
    clock.advance(timedelta(days=24))  # both days have happened
    csrf = _sign_in(client, manager)  # and the web session of 24 days ago (8 hours) has ended
    session_ids = [s["id"] for s in client.get("/api/training/courses", headers=manager.headers).json()["courses"][0]["sessions"]]
    client.post(f"/training/manage/bookings/{reference}/attendance",
                data={"csrf_token": csrf, f"session_{session_ids[0]}": "attended", f"session_{session_ids[1]}": "did_not_attend"})
    booking = client.get(f"/api/training/bookings/{reference}", headers=practitioner.headers).json()
    assert [s["attendance"] for s in booking["sessions"]] == ["attended", "did_not_attend"]
    assert booking["outcome"] == "did_not_attend" and booking["approval"] == "approved"


def test_feedback_form_checks_each_answer_and_feeds_the_development_record(client, manager, practitioner, clock):
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).json()["reference"]
    clock.advance(timedelta(days=24))
    course = client.get("/api/training/courses", headers=manager.headers).json()["courses"][0]
    for s in course["sessions"]:
        client.post(f"/api/training/bookings/{reference}/attendance", json={"session_id": s["id"], "status": "attended"},
                    headers=manager.headers)
    csrf = _sign_in(client, practitioner)
    missing = client.post(f"/training/bookings/{reference}/feedback", data={"csrf_token": csrf, "confidence_before": "2"})
    assert missing.status_code == 422 and missing.text.count("Choose a number from 1 to 5.") >= 2
    sent = client.post(f"/training/bookings/{reference}/feedback", data={
        "csrf_token": csrf, "confidence_before": "2", "confidence_after": "4", "usefulness": "5"})
    assert sent.status_code == 200 and "Development record" in sent.text and "+2.0 points" in sent.text
    csv_text = client.get("/me/development.csv").text
    assert "training,2026-12-09," + reference in csv_text and "training feedback" in csv_text


def test_a_practitioner_sees_their_group_and_next_session(client, db, practitioner, clinician):
    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet",
                                     supervisor=db.get(User, clinician.id), location="Thanet Family Hub")
    supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id), member_role="Community matron",
                           joined_on=date(2026, 1, 5))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 1), end=date(2027, 1, 1))
    db.commit()
    _sign_in(client, practitioner)
    page = client.get("/supervision").text
    assert "Thanet supervision group" in page and "Tue 8 Dec 10:00" in page and "Priya Castell" in page


def test_a_supervisor_records_attendance_on_the_group_page(client, db, practitioner, clinician, clock):
    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet")
    supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id), member_role="Community matron",
                           joined_on=date(2026, 1, 5))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 1), end=date(2026, 12, 1))
    db.commit()
    session_id = group.sessions[0].id
    csrf = _sign_in(client, clinician)
    page = client.post(f"/supervision/sessions/{session_id}/attendance",
                       data={"csrf_token": csrf, f"member_{practitioner.id}": "did_not_attend"})
    assert "Attendance saved." in page.text
    db.expire_all()
    assert [a.status for a in supervision.get_session(db=db, session_id=session_id).attendance] == [Attendance.did_not_attend]


def test_staff_pages_need_the_right_role(client, practitioner):
    _sign_in(client, practitioner)
    assert client.get("/training/manage").status_code == 403
    assert client.get("/supervision/groups/1").status_code == 403


def test_a_manager_adds_a_member_on_the_group_page_and_records_them_leaving(client, db, practitioner, clinician, manager):
    from sqlalchemy import select

    from consult.workforce.models import GroupMembership

    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet")
    db.commit()
    csrf = _sign_in(client, clinician)
    # Clinicians supervise and record attendance; membership is the manager's to change.
    refused = client.post(f"/supervision/groups/{group.id}/members",
                          data={"csrf_token": csrf, "user_id": str(practitioner.id), "member_role": "Community matron"})
    assert refused.status_code == 403
    client.cookies.clear()
    csrf = _sign_in(client, manager)
    page = client.get(f"/supervision/groups/{group.id}").text
    assert f'<option value="{practitioner.id}">Jo Pellow (Thanet)</option>' in page
    wrong = client.post(f"/supervision/groups/{group.id}/members",
                        data={"csrf_token": csrf, "user_id": str(practitioner.id), "member_role": "Astronaut"})
    assert "That role is not one the supervision offer covers." in wrong.text
    joined = client.post(f"/supervision/groups/{group.id}/members",
                         data={"csrf_token": csrf, "user_id": str(practitioner.id), "member_role": "Community matron"})
    assert "Jo Pellow has joined Thanet supervision group." in joined.text
    membership = db.scalars(select(GroupMembership).where(GroupMembership.user_id == practitioner.id)).one()
    assert (membership.member_role, membership.joined_on, membership.left_on) == ("Community matron", date(2026, 11, 23), None)

    left = client.post(f"/supervision/memberships/{membership.id}/end", data={"csrf_token": csrf, "reason": "moved team"})
    assert "Jo Pellow has left the group; their attendance history is kept." in left.text
    assert "Former members: Jo Pellow" in left.text
    db.expire_all()
    assert (membership.left_on, membership.leaving_reason) == (date(2026, 11, 23), "moved team")
