"""Free slots are kept per database engine until the rota, a closure or a booking changes
(booking/slot_cache.py); the counters that say so go up in the changing transaction itself."""
from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.orm import sessionmaker

from booking import rota as rota_rows
from booking import service
from booking.slot_cache import versions
from consult.core.calendar import add_closure
from consult.db import make_engine
from consult.profiles import active_profile

from .conftest import booking_body

START = date(2026, 11, 23)  # the frozen Monday


def _free(session) -> list[str]:
    return [s.id for s in service.list_free_slots(db=session, profile=active_profile(), start=START, days=14)]


def _other_worker(database_url):
    """A second engine and session, as another gunicorn worker has: its own pool and its own cache."""
    engine = make_engine(database_url)
    return engine, sessionmaker(bind=engine, expire_on_commit=False)()


def test_a_booking_made_by_one_worker_leaves_the_free_slots_of_another_at_once(client, rota, database_url):
    engine, other = _other_worker(database_url)
    try:
        before = _free(other)
        other.commit()  # end its read, as a request would
        assert _free(other) == before  # worked out once, then kept
        other.commit()
        booked = client.post("/api/triage/bookings", json=booking_body(before[0]))
        assert booked.status_code == 201
        assert before[0] not in _free(other)
        other.commit()
        cancelled = client.post(booked.json()["cancel_url"].replace("http://127.0.0.1:8000", ""))  # a conditional UPDATE
        assert cancelled.status_code == 200
        assert before[0] in _free(other)
    finally:
        other.close()
        engine.dispose()


def test_a_rota_change_or_closure_by_one_worker_reaches_the_other(db, rota, database_url, clinician):
    engine, other = _other_worker(database_url)
    try:
        assert any(s.startswith(f"{clinician.id}-20261125") for s in _free(other))
        other.commit()
        add_closure(db=db, day=date(2026, 11, 25), reason="Team training day")
        db.commit()
        assert not any(s.startswith(f"{clinician.id}-20261125") for s in _free(other))
        other.commit()
        assert any(s.startswith(f"{clinician.id}-20261126") for s in _free(other))
        other.commit()
        rota_rows.add_exception(db=db, profile=active_profile(), clinician_id=clinician.id, day=date(2026, 11, 26),
                                kind="away")
        db.commit()
        assert not any(s.startswith(f"{clinician.id}-20261126") for s in _free(other))
    finally:
        other.close()
        engine.dispose()


def test_the_counters_go_up_only_when_the_change_commits(db, rota):
    start = versions(db)
    assert start is not None
    db.commit()
    rota_rows.add_exception(db=db, profile=active_profile(), clinician_id=rota.id, day=date(2026, 11, 26), kind="away")
    db.rollback()
    assert versions(db) == start
    db.commit()
    rota_rows.add_exception(db=db, profile=active_profile(), clinician_id=rota.id, day=date(2026, 11, 26), kind="away")
    db.commit()
    assert versions(db) == (start[0] + 1, start[1])


def test_slots_are_kept_until_the_counters_move(db, rota, database_url):
    """What makes the cache worth having, shown by a write that goes round the Session (and so
    round its counters): the kept slots stand until the next counted change."""
    first = _free(db)
    db.commit()
    raw = make_engine(database_url, pooled=False)
    with raw.begin() as conn:
        conn.execute(text("DELETE FROM booking_availability_exceptions"))  # nothing to delete; counted nowhere
        conn.execute(text("UPDATE booking_availability_rules SET weekday = 6 WHERE weekday = 2"))
    raw.dispose()
    assert _free(db) == first  # still the kept slots: Wednesday's rule moved behind the cache's back
    db.commit()
    add_closure(db=db, day=date(2027, 6, 1), reason="Team training day")  # any counted change
    db.commit()
    assert not any("20261125" in s for s in _free(db))  # worked out afresh: Wednesday is gone


def test_a_transaction_sees_its_own_booking_and_a_rolled_back_one_is_never_kept(db, rota, client):
    free = _free(db)
    db.commit()
    booked = client.post("/api/triage/bookings", json=booking_body(free[1]))
    assert booked.status_code == 201
    assert free[1] not in _free(db)
    db.commit()
    db.execute(text("UPDATE booking_bookings SET status = 'cancelled'"))  # hand-written SQL is counted too
    assert free[1] in _free(db)  # its own uncommitted change, worked out without the cache
    db.rollback()
    assert free[1] not in _free(db)  # the rolled-back view was not kept
