"""Supervision and training in Slack: `/pimh status` and App Home show the group, next session and
training places; `/pimh training` books through the workforce service; Cancel buttons cancel."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.bot.conftest import JO, NEWCOMER
from tests.workforce.helpers import course_body, delegates


def _course(client, manager, capacity: int = 2, **extra) -> int:
    made = client.post("/api/training/courses", json=course_body(capacity=capacity, **extra), headers=manager.headers)
    assert made.status_code == 201, made.text
    return made.json()["id"]


def _group(db, practitioner) -> None:
    from consult.auth.models import User
    from consult.workforce import supervision

    group = supervision.create_group(db=db, name="Thanet group", district="Thanet", location="Margate Family Hub")
    supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id), member_role="Community matron")
    supervision.generate_sessions(db=db, group=group, start=date(2026, 11, 1), end=date(2027, 1, 1))
    db.commit()


def _buttons(call) -> list[dict]:
    return [b["accessory"] for b in call.args["blocks"] if b.get("accessory", {}).get("type") == "button"]


def _press(slack, fake, element, user: str = JO, name: str = "train", **extra):
    from bot.testing import action_payload, interaction_body

    payload = action_payload(element["action_id"], element["value"], user_id=user,
                             response_url=fake.response_url(f"{name}-{user}"), **extra)
    response = slack.post(interaction_body(payload))
    assert response.status_code == 200
    return response


def test_status_shows_the_supervision_group_next_session_and_a_cancel_button_per_training_place(
        slack, fake_slack, linked, db, client, manager):
    _group(db, linked[0])
    course_id = _course(client, manager)
    reference = client.post(f"/api/training/courses/{course_id}/bookings", headers=linked[0].headers).json()["reference"]

    slack.command("status")
    said = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    text = said.text()
    assert "Supervision group: Thanet group. Next session: Tue 8 Dec 2026, 10:00." in text
    assert "Your open requests" in text  # the consultation part is still there
    cancel = [b for b in _buttons(said) if b["action_id"].startswith("pimh_training_cancel")]
    assert [b["value"] for b in cancel] == [reference]
    assert "confirm" in cancel[0]


def test_status_for_someone_outside_any_group_says_so_and_points_at_training(slack, fake_slack, linked):
    slack.command("status")
    text = fake_slack.wait_for(f"response/cmd-{JO}")[0].text()
    assert "You are not in a supervision group." in text and "`/pimh training`" in text


def test_app_home_shows_the_group_and_the_waiting_list_position(slack, fake_slack, linked, db, client, manager):
    _group(db, linked[0])
    course_id = _course(client, manager, capacity=1)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=manager.headers)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=linked[0].headers)

    slack.event({"type": "app_home_opened", "user": JO, "channel": "D-HOME", "tab": "home"}, event_id="Ev-home-t1")
    home = fake_slack.wait_for("views.publish", where=lambda c: c.args["user_id"] == JO)[0]
    assert "Thanet group" in home.text() and "waiting list, position 1" in home.text()


def test_training_lists_open_courses_with_places_left_and_a_button_books_a_place(
        slack, fake_slack, linked, db, client, manager):
    from consult.workforce.models import BookingStatus, TrainingBooking

    course_id = _course(client, manager, capacity=3)
    slack.command("training")
    listing = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    assert "3 of 3 places left" in listing.text() and "Wed 9 Dec and Wed 16 Dec, from 09:30" in listing.text()
    [book] = _buttons(listing)
    assert book["text"]["text"] == "Book a place" and book["value"] == str(course_id)

    _press(slack, fake_slack, book)
    answer = fake_slack.wait_for(f"response/train-{JO}")[0]
    made = db.scalars(select(TrainingBooking)).one()
    assert made.user_id == linked[0].id and made.status == BookingStatus.booked
    assert f"Booked: you have a place on Level 2 Attachment and Parent Infant Relationships. Your reference is {made.reference}." in answer.text()  # noqa: E501

    slack.command("training")
    again = fake_slack.wait_for(f"response/cmd-{JO}", 2)[1]
    assert _buttons(again) == [] and f"You have a place ({made.reference})" in again.text()
    assert "2 of 3 places left" in again.text()


def test_a_full_course_offers_the_waiting_list_and_says_the_position(slack, fake_slack, linked, db, client, manager):
    course_id = _course(client, manager, capacity=1)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=manager.headers)
    others = delegates(db, 1)
    client.post(f"/api/training/courses/{course_id}/bookings", headers=others[0][1])

    slack.command("training")
    listing = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    [join] = _buttons(listing)
    assert join["text"]["text"] == "Join the waiting list" and "Full: 1 on the waiting list" in listing.text()
    _press(slack, fake_slack, join)
    assert "you are on the waiting list, position 2" in fake_slack.wait_for(f"response/train-{JO}")[0].text()


def test_pressing_book_twice_gives_a_clear_message_and_one_booking(slack, fake_slack, linked, db, client, manager):
    from consult.workforce.models import TrainingBooking

    _course(client, manager)
    slack.command("training")
    [book] = _buttons(fake_slack.wait_for(f"response/cmd-{JO}")[0])
    _press(slack, fake_slack, book)
    fake_slack.wait_for(f"response/train-{JO}")
    _press(slack, fake_slack, book)
    second = fake_slack.wait_for(f"response/train-{JO}", 2)[1]
    made = db.scalars(select(TrainingBooking)).one()
    assert f"Not booked again: You are already on this course ({made.reference})." in second.text()


def test_a_course_that_has_started_is_not_offered_and_its_button_is_refused(
        slack, fake_slack, linked, db, client, manager):
    from datetime import datetime

    from consult.clock import LONDON

    started = _course(client, manager, start=datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), title="Started already")
    slack.command("training")
    listing = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    assert "Started already" not in listing.text() and "No training courses are open" in listing.text()
    _press(slack, fake_slack, {"action_id": f"pimh_training_book:{started}", "value": str(started)})
    assert "bookings are closed" in fake_slack.wait_for(f"response/train-{JO}")[0].text()


def test_cancel_from_status_frees_the_place_for_the_first_on_the_waiting_list(
        slack, fake_slack, linked, db, client, manager):
    from consult.workforce.models import BookingStatus, TrainingBooking

    course_id = _course(client, manager, capacity=1)
    mine = client.post(f"/api/training/courses/{course_id}/bookings", headers=linked[0].headers).json()["reference"]
    waiting = client.post(f"/api/training/courses/{course_id}/bookings", headers=manager.headers).json()["reference"]

    slack.command("status")
    [cancel] = [b for b in _buttons(fake_slack.wait_for(f"response/cmd-{JO}")[0]) if b["value"] == mine]
    _press(slack, fake_slack, cancel, name="status")
    said = fake_slack.wait_for(f"response/status-{JO}")[0].text()
    assert f"Cancelled {mine}" in said and "gone to the next person on the waiting list" in said
    db.expire_all()
    statuses = {b.reference: b.status for b in db.scalars(select(TrainingBooking))}
    assert statuses == {mine: BookingStatus.cancelled, waiting: BookingStatus.booked}


def test_cancel_on_app_home_redraws_the_tab_and_says_so_in_a_dm(slack, fake_slack, linked, db, client, manager):
    from bot.testing import action_payload, interaction_body

    course_id = _course(client, manager)
    mine = client.post(f"/api/training/courses/{course_id}/bookings", headers=linked[0].headers).json()["reference"]
    payload = action_payload(f"pimh_training_cancel:{mine}", mine, user_id=JO, response_url="")
    payload.pop("response_url")
    payload["container"] = {"type": "view", "view_id": "V-HOME"}
    payload.pop("channel"), payload.pop("message")
    assert slack.post(interaction_body(payload)).status_code == 200

    home = fake_slack.wait_for("views.publish", where=lambda c: c.args["user_id"] == JO)[0]
    assert mine not in home.text() and "No training places booked" in home.text()
    fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == JO and f"Cancelled {mine}" in c.text())


def test_nobody_can_cancel_someone_elses_place_from_slack(slack, fake_slack, linked, db, client, manager):
    from consult.workforce.models import BookingStatus, TrainingBooking

    course_id = _course(client, manager)
    theirs = client.post(f"/api/training/courses/{course_id}/bookings", headers=linked[0].headers).json()["reference"]
    _press(slack, fake_slack, {"action_id": f"pimh_training_cancel:{theirs}", "value": theirs}, user=NEWCOMER)
    assert "no longer exists" in fake_slack.wait_for(f"response/train-{NEWCOMER}")[0].text()
    db.expire_all()
    assert db.scalars(select(TrainingBooking)).one().status == BookingStatus.booked


def test_help_lists_the_training_command(slack):
    body = slack.command("help").json()
    assert "/pimh training" in str(body)


def test_a_button_value_that_is_not_a_course_number_books_nothing(slack, fake_slack, linked, db, client, manager):
    from consult.workforce.models import TrainingBooking

    course_id = _course(client, manager)
    # Arabic-Indic digits pass str.isdigit() and int() reads them; the command takes ASCII digits only.
    other_digits = str(course_id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for n, value in enumerate((other_digits, "99999999999"), start=1):
        _press(slack, fake_slack, {"action_id": f"pimh_training_book:{course_id}", "value": value})
        assert "That course or booking no longer exists." in fake_slack.wait_for(f"response/train-{JO}", n)[n - 1].text()
    assert db.scalars(select(TrainingBooking)).all() == []
