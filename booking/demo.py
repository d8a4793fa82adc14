"""`pimh seed-demo` for booking: the demo clinicians' triage rota (so every working day for the
next four weeks has bookable slots), a few upcoming bookings, and twelve weeks of past bookings
with attendance for the dashboard. Idempotent: a clinician who already has a rota keeps it, and
bookings are added only when there are none in that period yet.
"""
from __future__ import annotations

import random
import uuid
from datetime import time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from booking import service
from booking.commands import BookingRequest, PractitionerDetails
from booking.models import AvailabilityRule, Booking, BookingStatus
from booking.rota import add_weekly_rule, all_slots
from booking.slots import free_slots
from consult import clock
from consult.auth.models import Role, User
from consult.core.demo import DEMO_TEAM
from consult.profiles import Profile, active_profile

PHONE_VIDEO = ("phone", "video")
# (email, weekday, starts, ends, methods, family hub)
DEMO_ROTA: list[tuple[str, int, time, time, tuple[str, ...], str | None]] = [
    ("morgan.ellery@pimhs.demo.nhs.net", 0, time(9), time(12), PHONE_VIDEO, None),
    ("morgan.ellery@pimhs.demo.nhs.net", 2, time(9), time(12), PHONE_VIDEO, None),
    ("priya.castell@pimhs.demo.nhs.net", 1, time(13), time(17), PHONE_VIDEO, None),
    ("priya.castell@pimhs.demo.nhs.net", 3, time(13), time(17), PHONE_VIDEO, None),
    ("priya.castell@pimhs.demo.nhs.net", 1, time(17, 30), time(19, 30), PHONE_VIDEO, None),  # Tuesday evening session
    ("tomasz.wren@pimhs.demo.nhs.net", 0, time(14), time(16), PHONE_VIDEO, None),
    ("tomasz.wren@pimhs.demo.nhs.net", 1, time(9), time(11), PHONE_VIDEO, None),
    ("tomasz.wren@pimhs.demo.nhs.net", 3, time(9), time(11), PHONE_VIDEO, None),
    ("tomasz.wren@pimhs.demo.nhs.net", 4, time(14), time(16), PHONE_VIDEO, None),
    ("tomasz.wren@pimhs.demo.nhs.net", 5, time(9, 30), time(12, 30), PHONE_VIDEO, None),  # first Saturday only (profile)
    ("aisha.brennock@pimhs.demo.nhs.net", 2, time(10), time(13), ("in_person", "phone", "video"), "Thanet Family Hub"),
    ("aisha.brennock@pimhs.demo.nhs.net", 3, time(17, 30), time(19, 30), PHONE_VIDEO, None),  # Thursday evening session
    ("aisha.brennock@pimhs.demo.nhs.net", 4, time(9), time(12), PHONE_VIDEO, None),
]
SUMMARIES = (
    "First-time mother finds it hard to read her baby's cues and says she feels detached; would like ideas for next steps.",
    "Father worried he is not bonding since returning to work; baby unsettled in the evenings.",
    "Parent with past trauma finding the baby's crying overwhelming; unsure whether a referral is right.",
    "Baby avoids eye contact with mum during feeds; mum low in mood, wants to talk through options.",
    "Young parents under strain after a difficult birth; wondering what support the Family Hub can offer first.",
)
PAST_WEEKS = 12


def _clinicians(db: Session) -> dict[str, User]:
    emails = [email for _, email, role, *_ in DEMO_TEAM if role == Role.clinician]
    return {u.email: u for u in db.scalars(select(User).where(User.email.in_(emails)))}  # type: ignore[misc]


def _seed_rota(db: Session, profile: Profile, clinicians: dict[str, User]) -> int:
    added = 0
    has_rota = set(db.scalars(select(AvailabilityRule.clinician_id).distinct()))
    for email, weekday, starts, ends, methods, hub in DEMO_ROTA:
        clinician = clinicians.get(email)
        if clinician is None or clinician.id in has_rota:
            continue
        add_weekly_rule(db=db, profile=profile, clinician_id=clinician.id, weekday=weekday, starts=starts, ends=ends,
                        methods=methods, family_hub=hub)
        added += 1
    return added


def _practitioners(db: Session) -> list[User]:
    emails = [email for _, email, role, *_ in DEMO_TEAM if role == Role.practitioner]
    return list(db.scalars(select(User).where(User.email.in_(emails)).order_by(User.id)))


def _seed_past(db: Session, profile: Profile, practitioners: list[User], rng: random.Random) -> int:
    """Past bookings go straight in as rows: the guard (rightly) refuses to book the past."""
    today = clock.today_local()
    start = today - timedelta(weeks=PAST_WEEKS)
    if db.scalar(select(func.count(Booking.id)).where(Booking.starts_at < clock.now())) or not practitioners:
        return 0
    added = 0
    for slot in all_slots(db=db, profile=profile, start=start, days=(today - start).days):
        if rng.random() > 0.12:
            continue
        who = rng.choice(practitioners)
        status = rng.choices([BookingStatus.attended, BookingStatus.did_not_attend, BookingStatus.cancelled], [78, 10, 12])[0]
        method = rng.choice(slot.methods)
        booked_at = slot.start - timedelta(days=rng.randint(1, 10))
        booking = Booking(
            reference=service.new_reference(db), uid=f"{uuid.uuid4()}@pimh-consult", sequence=1 if status == BookingStatus.cancelled else 0,
            clinician_id=slot.clinician_id, starts_at=slot.start, ends_at=slot.end, method=method,
            family_hub=slot.family_hub if method == "in_person" else None, status=status, user_id=who.id,
            practitioner_name=who.name, practitioner_email=who.email or "", practitioner_phone="01632 960 000",
            practitioner_role=who.job_role or "", organisation=who.organisation or "", district=who.district or "",
            summary=rng.choice(SUMMARIES), consent_confirmed=True, created_at=booked_at, updated_at=booked_at,
            cancelled_at=booked_at + timedelta(hours=20) if status == BookingStatus.cancelled else None,
            reminder_sent_at=slot.start - timedelta(days=1) if status != BookingStatus.cancelled else None,
            attendance_recorded_at=slot.end if status in (BookingStatus.attended, BookingStatus.did_not_attend) else None,
            attendance_recorded_by=slot.clinician_id if status in (BookingStatus.attended, BookingStatus.did_not_attend) else None,
        )
        db.add(booking)
        added += 1
    db.flush()
    return added


def _seed_upcoming(db: Session, profile: Profile, practitioners: list[User], rng: random.Random) -> int:
    """A handful of real bookings through the service, so the clinic list and reminders have work."""
    if db.scalar(select(func.count(Booking.id)).where(Booking.starts_at >= clock.now())) or not practitioners:
        return 0
    free = free_slots(all_slots(db=db, profile=profile, start=clock.today_local(), days=14), taken=set(),
                      profile=profile, now=clock.now())
    added = 0
    for slot in rng.sample(free, min(6, len(free))):
        who = rng.choice(practitioners)
        service.book(db=db, profile=profile, user_id=who.id, request=BookingRequest(
            slot_id=slot.id, method="video" if "video" in slot.methods else slot.methods[0],
            practitioner=PractitionerDetails(who.name, who.email or "", "01632 960 001", who.job_role or "",
                                             who.organisation or "", who.district or profile.districts[0]),
            summary=rng.choice(SUMMARIES), consent_confirmed=True))
        added += 1
    return added


def seed(db: Session, options: Any) -> str:
    profile = active_profile()
    clinicians = _clinicians(db)
    rules = _seed_rota(db, profile, clinicians)
    rng = random.Random(2026)
    practitioners = _practitioners(db)
    past = _seed_past(db, profile, practitioners, rng)
    upcoming = _seed_upcoming(db, profile, practitioners, rng)
    return f"booking: {rules} rota windows, {upcoming} upcoming and {past} past bookings added"
