"""The demo seeder: realistic, valid history fast, the duty rota, and idempotence."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import case, func, select, text

from consult.clock import LONDON
from consult.consultations import demo
from consult.consultations.commands import ConsultationRequest
from consult.consultations.models import Consultation, ConsultationFeedback, DutyRota
from consult.core import demo as team
from consult.profiles import load_profile
from consult.seeding import SeedOptions
from consult.workdays import WorkingCalendar

CAL = WorkingCalendar(load_profile("kent"))
FAST = demo.FastWorkingClock(CAL, date(2025, 1, 1), date(2027, 12, 31))


# No time limits: the shared test machine is sometimes too loaded for Hypothesis's defaults.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.datetimes(min_value=datetime(2025, 1, 2), max_value=datetime(2027, 6, 30)), st.integers(0, 5 * 480))
def test_the_fast_clock_agrees_with_the_working_calendar(naive, minutes):
    local = naive.replace(second=0, microsecond=0, tzinfo=LONDON)
    assert FAST.add(local, minutes) == CAL.add_working_time(local, timedelta(minutes=minutes))


def test_a_history_of_n_consultations_is_valid_under_every_database_constraint(db):
    team.seed(db, SeedOptions())
    assert demo.seed_history(db, count=600, checked=True) == 600
    db.commit()
    assert db.scalar(select(func.count()).select_from(Consultation)) == 600
    statuses = dict(db.execute(select(Consultation.status, func.count()).group_by(Consultation.status)).all())
    assert statuses["closed"] > 300
    assert db.scalar(select(func.count()).select_from(ConsultationFeedback)) > 100
    months = db.scalar(select(func.count(func.distinct(Consultation.received_month))))
    assert months >= 17
    within = db.scalar(select(func.avg(case((Consultation.advised_within_target, 1.0), else_=0.0)))
                       .where(Consultation.advised_at.is_not(None)))
    assert 0.75 < float(within) < 0.99


def test_seeded_rows_read_back_through_the_orm_with_their_text_decrypted(db):
    team.seed(db, SeedOptions())
    demo.seed_history(db, count=50)
    db.commit()
    advised = db.scalars(select(Consultation).where(Consultation.advised_at.is_not(None))).first()
    assert advised.advice and advised.summary and advised.advised_at.tzinfo is not None
    assert advised.received_at <= advised.advised_at
    assert advised.events[0].kind == "received"
    raw = db.execute(text("SELECT summary FROM consultations LIMIT 1")).scalar()
    assert raw.startswith("gAAAA")  # Fernet ciphertext, not the words


def test_seed_demo_adds_history_and_rota_once_and_new_requests_keep_numbering(db, client, manager):
    team.seed(db, SeedOptions())
    first = demo.seed(db, SeedOptions())
    db.commit()
    assert "409 consultations" in first
    again = demo.seed(db, SeedOptions())
    db.commit()
    assert "0 more days" in again and "0 consultations" in again
    assert db.scalar(select(func.count()).select_from(DutyRota).where(DutyRota.day == date(2026, 11, 23))) == 2
    open_now = client.get("/api/consultations?status=open", headers=manager.headers).json()["consultations"]
    assert open_now, "the demo queue has open requests"
    latest = db.scalar(select(func.max(Consultation.reference)).where(Consultation.reference.like("PIMH-2026-%")))
    from consult.auth.models import User
    from consult.consultations import service

    jo = db.scalar(select(User).where(User.email == "jo.pellow@demo.nhs.net"))
    made = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", district="Thanet",
            summary="A new request after the demo history has been loaded."))
    assert made.reference > latest
