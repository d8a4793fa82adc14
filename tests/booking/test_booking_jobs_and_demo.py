"""Reminders from the worker the working day before, and the demo seeder."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from consult.clock import LONDON
from tests.booking.conftest import booking_body


def _book(client, slot_id):
    response = client.post("/api/triage/bookings", json=booking_body(slot_id))
    assert response.status_code == 201
    return response.json()["reference"]


def _sent(monkeypatch) -> list:
    from consult import notify

    sent: list = []
    monkeypatch.setattr(notify, "deliver", lambda notice: sent.append(notice) or ["test"])
    return sent


def test_reminders_go_out_the_working_day_before_and_only_once(client, rota, db, clock, monkeypatch):
    from booking import jobs
    from consult.profiles import active_profile

    tuesday = _book(client, f"{rota.id}-20261124T1000Z")
    wednesday = _book(client, f"{rota.id}-20261125T1000Z")
    saturday = _book(client, f"{rota.id}-20261205T1000Z")  # first Saturday of December
    monday = _book(client, f"{rota.id}-20261207T1000Z")
    db.commit()
    sent = _sent(monkeypatch)

    def run_at(when: datetime) -> list[str]:
        clock.set(when)
        sent.clear()
        jobs.send_due_reminders(db=db, profile=active_profile())
        db.commit()
        return sorted(n.reference for n in sent if n.kind == "booking_reminder")

    # Monday: the bookings were made today, so their confirmation is fresh; nothing is sent.
    assert run_at(datetime(2026, 11, 23, 16, 5, tzinfo=LONDON)) == []
    # Tuesday morning covers Wednesday; Tuesday's own booking, still unreminded, is also covered.
    assert run_at(datetime(2026, 11, 24, 9, 5, tzinfo=LONDON)) == sorted([tuesday, wednesday])
    assert run_at(datetime(2026, 11, 24, 10, 5, tzinfo=LONDON)) == []  # idempotent
    # Friday 4 December covers Saturday's session and Monday's booking.
    assert run_at(datetime(2026, 12, 4, 9, 5, tzinfo=LONDON)) == sorted([saturday, monday])
    # No reminders are sent at the weekend.
    assert run_at(datetime(2026, 12, 5, 9, 5, tzinfo=LONDON)) == []


def test_a_moved_booking_is_reminded_again_for_its_new_time(client, rota, db, clock, monkeypatch):
    from booking import jobs, service
    from consult.profiles import active_profile

    reference = _book(client, f"{rota.id}-20261125T1000Z")
    sent = _sent(monkeypatch)
    clock.set(datetime(2026, 11, 24, 9, 5, tzinfo=LONDON))
    assert jobs.send_due_reminders(db=db, profile=active_profile()) == 1
    db.commit()
    service.move(db=db, profile=active_profile(), reference=reference, slot_id=f"{rota.id}-20261125T1500Z")
    db.commit()
    assert jobs.send_due_reminders(db=db, profile=active_profile()) == 1
    db.commit()
    assert [n.kind for n in sent].count("booking_reminder") == 2


def test_the_reminder_job_is_registered_with_the_worker():
    from consult.jobs import load_jobs

    assert "booking_reminders" in load_jobs()


def test_the_demo_seeder_makes_a_bookable_rota_and_a_history_and_is_idempotent(client, db):
    from booking import demo
    from booking.models import AvailabilityRule, Booking
    from consult.core import demo as team
    from consult.seeding import SeedOptions

    team.seed(db, SeedOptions())
    first = demo.seed(db, SeedOptions())
    db.commit()
    assert "13 rota windows" in first
    second = demo.seed(db, SeedOptions())
    db.commit()
    assert second == "booking: 0 rota windows, 0 upcoming and 0 past bookings added"
    assert db.scalar(select(func.count(AvailabilityRule.id))) == 13
    statuses = dict(db.execute(select(Booking.status, func.count()).where(Booking.starts_at < datetime(2026, 11, 23, tzinfo=LONDON))
                               .group_by(Booking.status)).all())
    assert statuses.get("attended", 0) > 0 and statuses.get("did_not_attend", 0) > 0
    # Every working day of the next four weeks offers a free slot.
    slots = client.get("/api/triage/slots", params={"start": "2026-11-24", "days": 28}).json()["slots"]
    days = {s["start"][:10] for s in slots}
    from consult.core.calendar import calendar_for

    calendar = calendar_for(db)
    working = {(datetime(2026, 11, 24) + timedelta(days=i)).date() for i in range(28)}
    working = {d.isoformat() for d in working if calendar.is_working_day(d)}
    assert working <= days


def test_old_bookings_lose_their_personal_details_but_keep_their_figures(client, rota, db, clock):
    from booking.models import Booking
    from consult.privacy.retention import run_purge
    from consult.privacy.subject_access import Subject, erase_subject, export_subject

    reference = _book(client, f"{rota.id}-20261124T1000Z")
    exported = export_subject(db=db, subject=Subject(email="jo.pellow@nhs.net"))
    assert exported["data"]["booking"][0]["reference"] == reference
    assert exported["data"]["booking"][0]["phone"] == "01632 960 123"

    clock.advance(timedelta(days=365 * 8 + 10))
    assert run_purge(db=db)["booking"] == 1
    assert run_purge(db=db)["booking"] == 0  # idempotent
    db.commit()
    booking = db.scalar(select(Booking).where(Booking.reference == reference))
    db.refresh(booking)
    assert (booking.practitioner_name, booking.practitioner_phone, booking.summary) == ("(removed)", None, "")
    assert (booking.district, booking.method, booking.status.value) == ("Thanet", "phone", "booked")
    assert erase_subject(db=db, subject=Subject(email="jo.pellow@nhs.net"))["booking"] == 0
