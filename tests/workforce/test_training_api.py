from __future__ import annotations

import threading

from sqlalchemy import func, select

from consult.db import session_factory
from consult.workforce import training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.models import BookingStatus, TrainingBooking

from .helpers import course_body, delegates


def _course(client, manager, capacity=2) -> int:
    response = client.post("/api/training/courses", json=course_body(capacity), headers=manager.headers)
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_manager_creates_a_two_day_course_and_everyone_sees_the_places_left(client, manager, practitioner):
    course_id = _course(client, manager, capacity=25)
    listing = client.get("/api/training/courses", headers=practitioner.headers).json()["courses"]
    assert [(c["id"], c["capacity"], c["places_left"]) for c in listing] == [(course_id, 25, 25)]
    assert [s["title"] for s in listing[0]["sessions"]] == ["Day 1: attachment", "Day 2: parent-infant relationships"]
    assert listing[0]["sessions"][0]["start"].startswith("2026-12-09T09:30:00")


def test_only_a_manager_may_create_a_course(client, practitioner, clinician):
    for persona in (practitioner, clinician):
        assert client.post("/api/training/courses", json=course_body(), headers=persona.headers).status_code == 403
    assert client.post("/api/training/courses", json=course_body()).status_code == 401


def test_bad_course_input_is_a_422_not_a_500(client, manager):
    bad = course_body()
    bad["capacity"] = "lots"
    assert client.post("/api/training/courses", json=bad, headers=manager.headers).status_code == 422
    backwards = course_body()
    backwards["sessions"][0]["end"] = backwards["sessions"][0]["start"]
    response = client.post("/api/training/courses", json=backwards, headers=manager.headers)
    assert response.status_code == 422 and "end after" in response.json()["detail"]
    naive = course_body()
    naive["sessions"][0]["start"] = "2026-12-09T09:30:00"
    assert client.post("/api/training/courses", json=naive, headers=manager.headers).status_code == 422


def test_places_then_waiting_list_in_order(client, db, manager):
    course_id = _course(client, manager, capacity=2)
    people = delegates(db, 4)
    answers = [client.post(f"/api/training/courses/{course_id}/bookings", headers=h) for _, h in people]
    assert [a.status_code for a in answers] == [201] * 4
    bodies = [a.json() for a in answers]
    assert [b["status"] for b in bodies] == ["booked", "booked", "waiting_list", "waiting_list"]
    assert "position" not in bodies[0]
    assert [b.get("position") for b in bodies[2:]] == [1, 2]
    listing = client.get("/api/training/courses", headers=manager.headers).json()["courses"][0]
    assert listing["places_left"] == 0 and listing["waiting_list"] == 2


def test_booking_the_same_course_twice_is_409(client, manager, practitioner):
    course_id = _course(client, manager)
    assert client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).status_code == 201
    again = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers)
    assert again.status_code == 409 and "already" in again.json()["detail"]


def test_a_missing_course_is_404(client, practitioner):
    assert client.post("/api/training/courses/999/bookings", headers=practitioner.headers).status_code == 404


def test_cancelling_a_place_gives_it_to_the_first_on_the_waiting_list_at_once(client, db, manager):
    course_id = _course(client, manager, capacity=1)
    (_, first), (_, second), (_, third) = delegates(db, 3)
    held = client.post(f"/api/training/courses/{course_id}/bookings", headers=first).json()["reference"]
    waiting = client.post(f"/api/training/courses/{course_id}/bookings", headers=second).json()["reference"]
    last = client.post(f"/api/training/courses/{course_id}/bookings", headers=third).json()["reference"]

    cancelled = client.post(f"/api/training/bookings/{held}/cancel", headers=first)
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled" and cancelled.json()["place_passed_on"] is True
    assert client.get(f"/api/training/bookings/{waiting}", headers=second).json()["status"] == "booked"
    moved_up = client.get(f"/api/training/bookings/{last}", headers=third).json()
    assert moved_up["status"] == "waiting_list" and moved_up["position"] == 1


def test_cancelling_twice_changes_nothing_and_a_waiting_cancel_promotes_no_one(client, db, manager):
    course_id = _course(client, manager, capacity=1)
    (_, first), (_, second) = delegates(db, 2)
    held = client.post(f"/api/training/courses/{course_id}/bookings", headers=first).json()["reference"]
    waiting = client.post(f"/api/training/courses/{course_id}/bookings", headers=second).json()["reference"]
    assert client.post(f"/api/training/bookings/{waiting}/cancel", headers=second).json()["place_passed_on"] is False
    assert client.post(f"/api/training/bookings/{waiting}/cancel", headers=second).status_code == 200
    assert client.get(f"/api/training/bookings/{held}", headers=first).json()["status"] == "booked"


def test_a_delegate_can_book_again_after_cancelling(client, manager, practitioner):
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).json()["reference"]
    client.post(f"/api/training/bookings/{reference}/cancel", headers=practitioner.headers)
    again = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers)
    assert again.status_code == 201 and again.json()["reference"] != reference


def test_another_practitioner_cannot_see_or_cancel_my_booking(client, manager, practitioner, outsider):
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).json()["reference"]
    assert client.get(f"/api/training/bookings/{reference}", headers=outsider.headers).status_code == 404
    assert client.post(f"/api/training/bookings/{reference}/cancel", headers=outsider.headers).status_code == 404
    assert client.get(f"/api/training/bookings/{reference}", headers=manager.headers).json()["status"] == "booked"


def test_declining_a_delegate_frees_the_place_for_the_waiting_list(client, db, manager):
    course_id = _course(client, manager, capacity=1)
    (_, first), (_, second) = delegates(db, 2)
    held = client.post(f"/api/training/courses/{course_id}/bookings", headers=first).json()["reference"]
    waiting = client.post(f"/api/training/courses/{course_id}/bookings", headers=second).json()["reference"]
    assert client.get(f"/api/training/bookings/{held}", headers=first).json()["approval"] == "pending"
    assert client.post(f"/api/training/bookings/{held}/approval", json={"approve": True}, headers=first).status_code == 403
    declined = client.post(f"/api/training/bookings/{held}/approval", json={"approve": False}, headers=manager.headers)
    assert declined.json()["status"] == "declined" and declined.json()["place_passed_on"] is True
    assert client.get(f"/api/training/bookings/{waiting}", headers=second).json()["status"] == "booked"
    approved = client.post(f"/api/training/bookings/{waiting}/approval", json={"approve": True}, headers=manager.headers)
    assert approved.json()["approval"] == "approved"


def test_bookings_close_once_the_course_has_started(client, manager, practitioner, clock):
    from datetime import timedelta

    course_id = _course(client, manager)
    clock.advance(timedelta(days=17))
    assert client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers).status_code == 409


def test_concurrent_bookings_never_hold_more_places_than_the_capacity(client, db, manager):
    course_id = _course(client, manager, capacity=3)
    people = delegates(db, 10)
    from consult.auth.models import User

    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def take(user_id: int) -> None:
        session = session_factory()()
        try:
            user = session.get(User, user_id)
            barrier.wait()
            training.book(db=session, request=TrainingBookingRequest(course_id=course_id), user=user)
            session.commit()
        except BaseException as exc:  # surfaced below
            errors.append(exc)
            session.rollback()
        finally:
            session.close()

    threads = [threading.Thread(target=take, args=(uid,)) for uid, _ in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    counts = dict(db.execute(select(TrainingBooking.status, func.count()).where(TrainingBooking.course_id == course_id)
                             .group_by(TrainingBooking.status)).all())
    assert counts == {BookingStatus.booked: 3, BookingStatus.waiting_list: 7}


def test_concurrent_cancellations_promote_each_waiting_delegate_once(client, db, manager):
    course_id = _course(client, manager, capacity=3)
    people = delegates(db, 6)
    refs = [client.post(f"/api/training/courses/{course_id}/bookings", headers=h).json()["reference"] for _, h in people]
    barrier = threading.Barrier(3)
    statuses: list[int] = []

    def cancel(ref: str, headers: dict) -> None:
        barrier.wait()
        statuses.append(client.post(f"/api/training/bookings/{ref}/cancel", headers=headers).status_code)

    threads = [threading.Thread(target=cancel, args=(refs[i], people[i][1])) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [200, 200, 200]
    db.expire_all()
    booked = db.scalars(select(TrainingBooking.reference).where(TrainingBooking.course_id == course_id,
                                                                TrainingBooking.status == BookingStatus.booked)).all()
    assert sorted(booked) == sorted(refs[3:])


def test_delegates_with_a_place_are_reminded_once_a_week_before_day_one(client, db, manager, practitioner, outsider, clock):
    from datetime import timedelta

    from consult.workforce.jobs import send_training_reminders

    course_id = _course(client, manager, capacity=1)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=practitioner.headers)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=outsider.headers)  # waiting list: no reminder
    assert send_training_reminders(db=db) == 0  # 9 December is 16 days away
    clock.advance(timedelta(days=10))
    assert send_training_reminders(db=db) == 1
    assert send_training_reminders(db=db) == 0


def test_the_delegate_list_names_each_delegate_with_their_booking(client, db, manager):
    course_id = _course(client, manager, capacity=1)
    (_, first), (_, second) = delegates(db, 2)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=first)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=second)
    listed = client.get(f"/api/training/courses/{course_id}/delegates", headers=manager.headers)
    assert listed.status_code == 200, listed.text
    booked, waiting = listed.json()["delegates"]
    assert (booked["name"], booked["job_role"], booked["district"]) == (
        "Test Delegate delegate 0", "Senior Family Hub practitioner", "Dover")
    assert booked["status"] == "booked" and "position" not in booked
    assert waiting["status"] == "waiting_list" and waiting["position"] == 1
    assert [s["attendance"] for s in booked["sessions"]] == [None, None]
    assert booked["course"] == {"id": course_id, "title": "Level 2 Attachment and Parent Infant Relationships"}
