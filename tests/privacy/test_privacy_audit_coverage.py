"""Consultations, triage bookings and workforce records write the audit log at the service layer:
each create, each change and each colleague's read of identifiable fields appears under the
record's reference in GET /api/audit, with the acting person (or the job's label), and the
details hold no names, numbers or addresses."""
from __future__ import annotations

from datetime import time, timedelta

from consult.privacy.audit import search
from consult.privacy.redact import contains_identifier
from consult.profiles import active_profile

from .helpers import csrf, web_sign_in

PHONE = "07700 900123"
REQUEST = {"consent_confirmed": True, 
    "practitioner": {"name": "Jo Pellow", "email": "jo.pellow@nhs.net", "role": "Health visitor",
                     "organisation": "Community health trust", "district": "Thanet"},
    "channel": "web", "district": "Thanet", "infant_age_months": 4, "urgency": "routine",
    "question": "Mother of a four month old says she feels nothing when she holds the baby and avoids eye contact.",
    "preferred_contact": "phone", "callback_phone": PHONE, "callback_window": "weekday mornings",
}
ADVICE = {
    "advice": "Offer a joint visit with the Family Hub and use video feedback to notice moments of connection.",
    "recommendation": "pir_referral_advised", "thrive": "getting_help",
}
NAMES = ("Jo Pellow", "Priya Castell", "Tomasz Wren", "Helen Marsh", "Nell Outram", "Pellow", "Castell", "Wren", "Marsh")


def _trail(client, manager, record: str) -> list[tuple[str, str]]:
    """(action, actor) oldest first, as the manager reads them through the API."""
    response = client.get("/api/audit", params={"record": record}, headers=manager.headers)
    assert response.status_code == 200
    return [(e["action"], e["actor"]) for e in reversed(response.json()["events"])]


def _details(db, record: str) -> list[str]:
    details = [row.detail for row in reversed(search(db=db, record=record).rows)]
    for detail in details:
        assert not contains_identifier(detail) and PHONE not in detail, detail
        assert not any(name in detail for name in NAMES), detail
        assert "@" not in detail, detail
    return details


# -- consultations --------------------------------------------------------------------------------
def test_a_consultations_creation_each_change_and_colleagues_reads_are_audited(
        client, db, practitioner, clinician, second_clinician, manager):
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    # The practitioner reading their own request is not audited; a clinician's read is.
    assert client.get(f"/api/consultations/{reference}", headers=practitioner.headers).status_code == 200
    opened = client.get(f"/api/consultations/{reference}", headers=clinician.headers)
    assert opened.json()["callback_phone"] == PHONE
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    client.post(f"/api/consultations/{reference}/handover", json={"to": second_clinician.id}, headers=clinician.headers)
    assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE,
                       headers=second_clinician.headers).status_code == 200
    client.post(f"/api/consultations/{reference}/feedback", headers=practitioner.headers,
                json={"helpfulness": 5, "confidence_before": 2, "confidence_after": 4})
    client.post(f"/api/consultations/{reference}/close", headers=second_clinician.headers)

    assert _trail(client, manager, reference) == [
        ("create", "Jo Pellow"), ("read", "Priya Castell"), ("update", "Priya Castell"), ("update", "Priya Castell"),
        ("update", "Tomasz Wren"), ("update", "Jo Pellow"), ("update", "Tomasz Wren"),
    ]
    assert _details(db, reference) == [
        "consultation request received", "consultation opened", "claimed", "handed over to another clinician",
        "advice recorded", "feedback given", "closed",
    ]


def test_the_detail_and_advice_pages_are_audited_reads_but_the_queue_is_not(client, db, practitioner, clinician, manager):
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    web_sign_in(client, clinician)
    assert reference in client.get("/consultations").text  # the queue: references, states, roles
    assert PHONE in client.get(f"/consultations/{reference}").text
    assert client.get(f"/consultations/{reference}/advice").status_code == 200
    assert _trail(client, manager, reference) == [
        ("create", "Jo Pellow"), ("read", "Priya Castell"), ("read", "Priya Castell")]
    assert _details(db, reference)[1:] == ["consultation opened", "advice form opened"]


def test_a_withdrawal_a_closure_without_advice_and_the_escalation_job_are_audited(
        client, db, clock, practitioner, clinician, manager):
    from consult.consultations.jobs import escalate

    withdrawn = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    client.post(f"/api/consultations/{withdrawn}/withdraw", headers=practitioner.headers)
    assert _trail(client, manager, withdrawn)[-1] == ("update", "Jo Pellow")
    assert _details(db, withdrawn)[-1] == "withdrawn"

    waiting = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    clock.advance(timedelta(days=2, hours=1))  # Wednesday 11:00: past its respond-by time
    assert escalate(db=db, now=clock.now()) > 0
    db.commit()
    assert _trail(client, manager, waiting)[-1] == ("update", "escalation job")
    assert _details(db, waiting)[-1] == "escalated: overdue"
    client.post(f"/api/consultations/{waiting}/close", json={"reason": "Practitioner rang back: resolved"},
                headers=clinician.headers)
    assert _trail(client, manager, waiting)[-1] == ("update", "Priya Castell")
    assert _details(db, waiting)[-1] == "closed without advice"  # and not the typed reason


# -- triage bookings ------------------------------------------------------------------------------
def _rota(db, clinician) -> None:
    from booking.rota import add_weekly_rule

    for weekday in range(5):
        add_weekly_rule(db=db, profile=active_profile(), clinician_id=clinician.id, weekday=weekday,
                        starts=time(9), ends=time(17), methods=("phone", "video"), family_hub=None)
    db.commit()


def _book(client, slot_id: str, practitioner) -> dict:
    """Jo books signed in with her token (her address belongs to her account)."""
    response = client.post("/api/triage/bookings", headers=practitioner.headers, json={
        "slot_id": slot_id, "method": "phone", "summary": REQUEST["question"], "consent_confirmed": True,
        "practitioner": {"name": "Jo Pellow", "email": "jo.pellow@nhs.net", "phone": PHONE, "role": "Health visitor",
                         "organisation": "Community health trust", "district": "Thanet"},
    })
    assert response.status_code == 201, response.text
    return response.json()


def test_a_booking_its_changes_and_clinicians_reads_of_the_contact_details_are_audited(
        client, db, clock, practitioner, clinician, manager):
    _rota(db, clinician)
    slots = client.get("/api/triage/slots").json()["slots"]
    booked = _book(client, slots[0]["id"], practitioner)
    reference, token = booked["reference"], booked["cancel_url"].split("token=")[1]
    # The practitioner's own link pages are not audited reads.
    assert client.get(f"/book/manage/{reference}", params={"token": token}).status_code == 200
    moved = client.post(f"/api/triage/bookings/{reference}/reschedule", params={"token": token},
                        json={"slot_id": slots[1]["id"]})
    assert moved.status_code == 200
    invite = client.get(f"/api/triage/bookings/{reference}.ics", headers=clinician.headers)
    assert "jo.pellow@nhs.net" in invite.text.lower()
    web_sign_in(client, clinician)
    assert PHONE in client.get("/book/clinic").text
    clock.advance(timedelta(hours=3))
    client.post(f"/api/triage/bookings/{reference}/attendance", json={"outcome": "attended"}, headers=clinician.headers)

    assert _trail(client, manager, reference) == [
        ("create", "Jo Pellow"), ("update", "Jo Pellow"), ("read", "Priya Castell"), ("read", "Priya Castell"),
        ("update", "Priya Castell"),
    ]
    assert _details(db, reference) == [
        "phone booking made", "rescheduled", "calendar file downloaded", "shown on the clinic list", "attendance: attended"]
    # The booking's consultation was created by the practitioner and claimed for the booked clinician.
    assert _trail(client, manager, booked["consultation_reference"]) == [("create", "Jo Pellow"), ("update", "Priya Castell")]


def test_a_clinicians_cancellation_and_the_reminder_job_are_audited(client, db, clock, practitioner, clinician, manager):
    from booking.jobs import send_due_reminders

    _rota(db, clinician)
    wednesday = [s for s in client.get("/api/triage/slots").json()["slots"] if s["start"].startswith("2026-11-25")]
    kept, cancelled = _book(client, wednesday[0]["id"], practitioner), _book(client, wednesday[1]["id"], practitioner)
    client.post(f"/api/triage/bookings/{cancelled['reference']}/cancel", headers=clinician.headers)
    assert _trail(client, manager, cancelled["reference"])[-1] == ("update", "Priya Castell")
    assert _details(db, cancelled["reference"])[-1] == "cancelled"

    clock.advance(timedelta(days=1))  # Tuesday: Wednesday's booking is due its reminder
    assert send_due_reminders(db=db, profile=active_profile()) == 1
    db.commit()
    assert _trail(client, manager, kept["reference"])[-1] == ("update", "reminder job")
    assert _details(db, kept["reference"])[-1] == "reminder sent"


# -- workforce ------------------------------------------------------------------------------------
def test_a_training_place_its_approval_attendance_feedback_and_promotion_are_audited(
        client, db, clock, practitioner, outsider, manager):
    from tests.workforce.helpers import course_body

    course = client.post("/api/training/courses", json=course_body(capacity=1), headers=manager.headers).json()
    assert _trail(client, manager, f"training-course:{course['id']}") == [("create", "Helen Marsh")]
    held = client.post(f"/api/training/courses/{course['id']}/bookings", headers=practitioner.headers).json()["reference"]
    waiting = client.post(f"/api/training/courses/{course['id']}/bookings", headers=outsider.headers).json()["reference"]
    client.post(f"/api/training/bookings/{held}/approval", json={"approve": True}, headers=manager.headers)
    clock.advance(timedelta(days=16))  # day one has started
    first_day = course["sessions"][0]["id"]
    client.post(f"/api/training/bookings/{held}/attendance", json={"session_id": first_day, "status": "attended"},
                headers=manager.headers)
    client.post(f"/api/training/bookings/{held}/feedback", headers=practitioner.headers,
                json={"confidence_before": 2, "confidence_after": 4, "usefulness": 5})

    assert _trail(client, manager, held) == [
        ("create", "Jo Pellow"), ("update", "Helen Marsh"), ("update", "Helen Marsh"), ("update", "Jo Pellow")]
    assert _details(db, held) == [
        f"training-course:{course['id']}: place booked", "approved", f"session {first_day}: attended", "feedback given"]

    # Cancelling passes the place on: the waiting delegate's record says so, under who cancelled.
    client.post(f"/api/training/bookings/{held}/cancel", headers=manager.headers)
    assert _trail(client, manager, waiting) == [("create", "Nell Outram"), ("update", "Helen Marsh")]
    assert _details(db, waiting) == [f"training-course:{course['id']}: on the waiting list", f"given the place freed by {held}"]
    assert _trail(client, manager, held)[-1] == ("update", "Helen Marsh")


def test_supervision_membership_and_attendance_are_audited_under_the_group(
        client, db, clock, practitioner, clinician, manager):
    group = client.post("/api/supervision/groups", headers=manager.headers, json={
        "name": "Swale supervision group", "district": "Swale", "supervisor_id": clinician.id}).json()
    record = f"supervision-group:{group['id']}"
    web_sign_in(client, manager)
    token = csrf(client, f"/supervision/groups/{group['id']}")
    client.post(f"/supervision/groups/{group['id']}/members",
                data={"csrf_token": token, "user_id": str(practitioner.id), "member_role": "Community matron"})
    session = group["sessions"][0]
    clock.advance(timedelta(days=16))  # the first session has begun
    recorded = client.post(f"/api/supervision/sessions/{session['id']}/attendance", headers=clinician.headers,
                           json={"user_id": practitioner.id, "status": "attended"})
    assert recorded.status_code == 200, recorded.text
    membership = client.get(f"/api/supervision/groups/{group['id']}", headers=manager.headers).json()["members"][0]
    web_sign_in(client, manager)  # 16 days on, the first web session (8 hours) has long ended
    token = csrf(client, f"/supervision/groups/{group['id']}")
    client.post(f"/supervision/memberships/{membership['membership_id']}/end",
                data={"csrf_token": token, "reason": "Moved to a post in Dover"})

    assert _trail(client, manager, record) == [
        ("create", "Helen Marsh"), ("update", "Helen Marsh"), ("update", "Priya Castell"), ("update", "Helen Marsh")]
    assert _details(db, record)[1:] == [
        f"member user:{practitioner.id} joined", f"session {session['id']}: user:{practitioner.id} attended",
        f"member user:{practitioner.id} left"]
