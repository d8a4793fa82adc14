"""The slots API's encoded answer and /book's rendered free times are kept per worker until the rota,
a booking or a clinician's name changes (booking/slots_answer.py, booking/pages.py): each change is
seen at once, by this worker and by another one (its own engine and cache), and the kept answer is
the same, byte for byte, as the one worked out afresh through the response model."""
from __future__ import annotations

import re
from datetime import date, timedelta

from pydantic import TypeAdapter
from sqlalchemy import event
from sqlalchemy.orm import sessionmaker

from booking import rota as rota_rows
from booking import schemas, service, slots_answer
from consult import clock
from consult.auth.models import User
from consult.db import get_engine, make_engine
from consult.profiles import active_profile

from .conftest import booking_body
from .test_booking_identity import _sign_in

START = date(2026, 11, 23)  # the frozen Monday


def _fresh_bytes(session, days: int = 14, method: str | None = None) -> bytes:
    """The answer as the route gave it before it was kept: every free slot through the response model."""
    profile = active_profile()
    free = service.list_free_slots(db=session, profile=profile, start=START, days=days, method=method)
    names = rota_rows.clinician_names(db=session, ids={s.clinician_id for s in free})
    answer = {"slots": [schemas.slot_out(s, profile, names.get(s.clinician_id)) for s in free]}
    return TypeAdapter(schemas.SlotsOut).dump_json(TypeAdapter(schemas.SlotsOut).validate_python(answer))


def _kept_bytes(session, days: int = 14, method: str | None = None) -> bytes:
    return slots_answer.slots_json(db=session, profile=active_profile(), start=START, days=days, method=method,
                                   now=clock.now())


def _other_worker(database_url):
    engine = make_engine(database_url)
    return engine, sessionmaker(bind=engine, expire_on_commit=False)()


def test_the_slots_api_sends_the_bytes_the_response_model_would(client, db, rota):
    for params, days, method in (({}, 14, None), ({"days": 7, "method": "in_person"}, 7, "in_person")):
        first = client.get("/api/triage/slots", params={"start": START.isoformat(), **params})
        again = client.get("/api/triage/slots", params={"start": START.isoformat(), **params})  # from the kept bytes
        assert first.status_code == again.status_code == 200
        assert first.headers["content-type"] == "application/json"
        assert first.content == again.content == _fresh_bytes(db, days, method)
        assert first.json()["slots"]


def test_the_kept_slots_follow_the_clock_between_changes(db, rota):
    """Nothing changes in the rota, but time passes: a slot inside the minimum notice drops out."""
    before = _kept_bytes(db)
    db.commit()
    clock.use(clock.FrozenClock(clock.now() + timedelta(hours=30)))  # the fixture puts the frozen clock back
    after = _kept_bytes(db)
    assert after != before
    assert after == _fresh_bytes(db)


def test_a_booking_an_away_day_a_cancellation_and_a_rename_reach_another_workers_kept_slots(client, db, rota, database_url):
    engine, other = _other_worker(database_url)
    try:
        before = _kept_bytes(other)
        other.commit()
        first_id = re.search(rb'"id":"([^"]+)"', before).group(1).decode()
        booked = client.post("/api/triage/bookings", json=booking_body(first_id))
        assert booked.status_code == 201
        assert first_id.encode() not in _kept_bytes(other)
        other.commit()
        cancelled = client.post(booked.json()["cancel_url"].replace("http://127.0.0.1:8000", ""))
        assert cancelled.status_code == 200
        assert first_id.encode() in _kept_bytes(other)
        assert _kept_bytes(other) == _fresh_bytes(other)
        other.commit()
        rota_rows.add_exception(db=db, profile=active_profile(), clinician_id=rota.id, day=date(2026, 11, 26), kind="away")
        db.commit()
        assert f'"id":"{rota.id}-20261126'.encode() not in _kept_bytes(other)
        other.commit()
        db.get(User, rota.id).name = "Priya Castell-Moor"  # as an erasure renames an account
        db.commit()
        assert b"Priya Castell-Moor" in _kept_bytes(other)
        assert _kept_bytes(other) == _fresh_bytes(other)
    finally:
        other.close()
        engine.dispose()


def test_a_kept_answer_is_read_with_one_query(db, rota):
    _kept_bytes(db)
    db.commit()
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    event.listen(get_engine(), "before_cursor_execute", count)
    try:
        _kept_bytes(db)
        _kept_bytes(db, days=14)
    finally:
        event.remove(get_engine(), "before_cursor_execute", count)
    assert len(statements) == 1  # the slot versions, once per transaction


def _times(html: str) -> list[str]:
    return re.findall(r'href="/book/slot/([^"?]+)', html)


def test_book_keeps_its_free_times_per_change_and_keeps_each_visitors_own_parts_out(client, db, rota, practitioner):
    anonymous = client.get("/book", params={"start": START.isoformat()})
    assert anonymous.status_code == 200
    times = _times(anonymous.text)
    assert times and "You are signed in as" not in anonymous.text
    booked = client.post("/api/triage/bookings", json=booking_body(times[0], email="sam.quill@nhs.net"))
    assert booked.status_code == 201
    after_booking = client.get("/book", params={"start": START.isoformat()}).text
    assert times[0] not in _times(after_booking)
    rota_rows.add_exception(db=db, profile=active_profile(), clinician_id=rota.id, day=date(2026, 11, 24), kind="away")
    db.commit()
    after_away = client.get("/book", params={"start": START.isoformat()}).text
    assert not any("-20261124" in t for t in _times(after_away))
    cancelled = client.post(booked.json()["cancel_url"].replace("http://127.0.0.1:8000", ""))
    assert cancelled.status_code == 200
    after_cancel = client.get("/book", params={"start": START.isoformat()}).text
    assert times[0] in _times(after_cancel)

    _sign_in(client, practitioner)
    signed_in = client.get("/book", params={"start": START.isoformat()}).text
    assert "You are signed in as Jo Pellow" in signed_in
    assert _times(signed_in) == _times(after_cancel)  # the kept part, shared
    client.cookies.clear()
    assert "You are signed in as" not in client.get("/book", params={"start": START.isoformat()}).text
