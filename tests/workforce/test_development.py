"""The development record reads the consultation domain's tables and the workforce ones."""
from __future__ import annotations

import re
from datetime import date

from consult.auth.models import User
from consult.workforce import supervision
from consult.workforce.development import practitioner_summary
from consult.workforce.models import Attendance
from tests.consultations.test_api import ADVICE, REQUEST

from .helpers import course_body


def _consultation_with_feedback(client, practitioner, clinician) -> str:
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=clinician.headers)
    given = client.post(f"/api/consultations/{reference}/feedback", headers=practitioner.headers,
                        json={"helpfulness": 5, "confidence_before": 2, "confidence_after": 3})
    assert given.status_code == 201, given.text
    return reference


def _sign_in(client, persona) -> None:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"csrf_token": token, "email": persona.email, "password": persona.password, "next": "/"})


def test_the_record_holds_advice_received_supervision_and_the_confidence_trend(client, db, practitioner, clinician, outsider):
    reference = _consultation_with_feedback(client, practitioner, clinician)
    group = supervision.create_group(db=db, name="Thanet group", district="Thanet")
    supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id), member_role="Community matron",
                           joined_on=date(2026, 1, 5))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 10, 1), end=date(2026, 11, 1))
    supervision.record_attendance(db=db, session=group.sessions[0], user_id=practitioner.id,
                                  status=Attendance.attended, actor=db.get(User, clinician.id))
    db.commit()
    _sign_in(client, practitioner)
    page = client.get("/me/development").text
    assert reference in page and "video feedback" in page and "Priya Castell" in page
    assert "1 of 1 recorded" in page and "+1.0 points" in page
    csv_text = client.get("/me/development.csv").text
    assert f"consultation,2026-11-23,{reference},negative_thoughts not_bonding,pir_referral_advised,2,3" in csv_text
    assert "group supervision,2026-10-13,Thanet group" in csv_text
    assert "video feedback" not in csv_text and "07700" not in csv_text  # no free text or phone numbers in the export
    client.post("/signout", data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)})
    _sign_in(client, outsider)
    assert reference not in client.get("/me/development").text


def test_the_status_summary_for_slack_names_the_group_next_session_and_training(client, db, practitioner, manager):
    group = supervision.create_group(db=db, name="Thanet group", district="Thanet", location="Margate Family Hub")
    supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id), member_role="Community matron")
    supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 1), end=date(2027, 1, 1))
    db.commit()
    course_id = client.post("/api/training/courses", json=course_body(capacity=1), headers=manager.headers).json()["id"]
    client.post(f"/api/training/courses/{course_id}/bookings", headers=manager.headers)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers)
    summary = practitioner_summary(db=db, user=db.get(User, practitioner.id))
    assert summary["group"]["name"] == "Thanet group"
    assert summary["next_session"]["starts_at"] == "2026-12-08T10:00:00+00:00"
    assert summary["training"][0]["status"] == "waiting_list" and summary["training"][0]["position"] == 1
    assert summary["lines"][0] == "Supervision group: Thanet group. Next session: Tue 8 Dec 2026, 10:00."
    assert "waiting list, position 1" in summary["lines"][-1]
    assert client.get("/api/supervision/me", headers=practitioner.headers).json()["group"]["name"] == "Thanet group"


def test_someone_outside_any_group_is_told_so(db, outsider):
    summary = practitioner_summary(db=db, user=db.get(User, outsider.id))
    assert summary["group"] is None and summary["lines"][0] == "You are not in a supervision group."
