"""Never two active bookings for one slot, whatever the concurrency: 20 simultaneous attempts.

The live-server test runs on the suite's database (SQLite by default, PostgreSQL when
PIMH_TEST_POSTGRES_URL is set); the service-level one needs PostgreSQL's real parallel writers.
"""
from __future__ import annotations

import os
from collections import Counter

import httpx
import pytest
from sqlalchemy import func, select

from tests.booking.conftest import booking_body
from tests.racing import race_each

ATTEMPTS = 20




def test_twenty_simultaneous_requests_make_exactly_one_booking(live_server, rota, db):
    from booking.models import Booking

    with httpx.Client(base_url=live_server) as client:
        slot = client.get("/api/triage/slots").json()["slots"][0]

    def attempt(i: int):
        body = booking_body(slot["id"], email=f"practitioner{i}@nhs.net", name=f"Practitioner {i}")
        with httpx.Client(base_url=live_server, timeout=60) as client:
            response = client.post("/api/triage/bookings", json=body)
            return response.status_code, response.json()

    results = race_each(ATTEMPTS, attempt)
    codes = Counter(code for code, _ in results)
    assert codes == {201: 1, 409: ATTEMPTS - 1}
    assert all("someone else has just booked" in body["detail"] for code, body in results if code == 409)
    active = db.scalar(select(func.count(Booking.id)).where(Booking.status != "cancelled"))
    assert active == 1


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("PIMH_TEST_POSTGRES_URL"), reason="needs PIMH_TEST_POSTGRES_URL")
def test_twenty_sessions_racing_in_the_service_make_one_booking_on_postgres(rota, db):
    from booking import service
    from booking.models import Booking
    from booking.rota import all_slots
    from consult import clock
    from consult.db import session_factory
    from consult.profiles import active_profile

    profile = active_profile()
    slot = [s for s in all_slots(db=db, profile=profile, start=clock.today_local(), days=2)
            if s.start > clock.now().replace(hour=14)][0]
    factory = session_factory()

    def attempt(i: int) -> str:
        session = factory()
        try:
            service.book(db=session, profile=profile, request=service.BookingRequest(
                slot_id=slot.id, method="video",
                practitioner=service.PractitionerDetails(f"Practitioner {i}", f"p{i}@nhs.net", None, "Midwife", "Trust", "Dover"),
                summary="Wants to talk through a parent who seems detached from the baby.", consent_confirmed=True))
            session.commit()
            return "booked"
        except service.SlotUnavailable:
            return "refused"
        finally:
            session.close()

    assert Counter(race_each(ATTEMPTS, attempt)) == {"booked": 1, "refused": ATTEMPTS - 1}
    assert db.scalar(select(func.count(Booking.id))) == 1
