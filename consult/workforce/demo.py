"""Demo workforce data (invented people only): a supervision group per district with four members
and a year of sessions with attendance and some turnover, and three Level 2 courses: one held
(attendance and feedback), one full with a waiting list, one with places left. Idempotent."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.auth.service import add_user, find_user_by_email
from consult.clock import LONDON
from consult.profiles import active_profile
from consult.workforce import supervision, training
from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.models import (
    Approval,
    Attendance,
    BookingStatus,
    SessionStatus,
    SupervisionAttendance,
    SupervisionGroup,
    TrainingBooking,
    TrainingCourse,
)
from consult.workforce.training import SessionInput

FIRST = ["Amara", "Bethan", "Callum", "Dena", "Elif", "Fergus", "Gita", "Hollie", "Idris", "Jasmin", "Kemi", "Lorcan",
         "Maelle", "Nadia", "Orla", "Piotr", "Quinn", "Rosa", "Saoirse", "Tobias", "Una", "Vikram", "Wren", "Yusra"]
LAST = ["Ashdown", "Brierley", "Cotterill", "Dunmore", "Elstow", "Fairlie", "Gorringe", "Hazeldine", "Ingleby",
        "Jessop", "Kingdon", "Lathbury", "Marchant", "Northcott", "Oldroyd", "Pennock", "Quarrie", "Rushworth"]
DEMO_PRACTITIONERS = {"jo.pellow@demo.nhs.net", "rafi.donnelly@demo.nhs.net", "carys.ambler@demo.nhs.net",
                      "leon.fairweather@demo.nhs.net"}
SUPERVISORS = ["morgan.ellery@pimhs.demo.nhs.net", "priya.castell@pimhs.demo.nhs.net",
               "tomasz.wren@pimhs.demo.nhs.net", "aisha.brennock@pimhs.demo.nhs.net"]
TITLE = "Level 2 Attachment and Parent Infant Relationships"
SEEDER = "demo seeder"  # who the audit log names for the groups and members made here


class _People:
    """Hands out invented practitioners, deterministic so reruns and tests see the same names."""

    def __init__(self, db: Session) -> None:
        self.db, self.n = db, 0

    def next(self, district: str, job_role: str) -> User:
        first, last = FIRST[self.n % len(FIRST)], LAST[(self.n * 7) % len(LAST)]
        self.n += 1
        email = f"{first}.{last}{self.n}@fh.demo.nhs.net".lower()
        return find_user_by_email(db=self.db, email=email) or add_user(
            db=self.db, name=f"{first} {last}", email=email, role=Role.practitioner, job_role=job_role,
            organisation="Demo Family Hub partnership", organisation_type="family_hub", district=district)


def _roles(index: int, roles: tuple[str, ...]) -> list[str]:
    # The spec's mix across 12 groups: 4 midwives, 4 community matrons, 12 FPP leads, the rest senior FH practitioners.
    midwife, matron, fpp, senior = roles
    second = midwife if index < 4 else matron if index < 8 else senior
    return [fpp, second, senior, senior]


def _seed_supervision(db: Session, people: _People, rng: random.Random) -> int:
    profile = active_profile()
    today, now = clock.today_local(), clock.now()
    supervisors = [u for u in (find_user_by_email(db=db, email=e) for e in SUPERVISORS) if u]
    demo = {u.district: u for u in (find_user_by_email(db=db, email=e) for e in DEMO_PRACTITIONERS) if u}
    year_ago = today - timedelta(days=365)
    for i, district in enumerate(profile.districts[:12]):
        group = supervision.create_group(
            db=db, name=f"{district} supervision group", district=district,
            supervisor=supervisors[i % len(supervisors)] if supervisors else None,
            weekday=1 + i % 3, week_of_month=1 + (i // 3) % 4, starts=time(10) if i % 2 == 0 else time(14),
            location=f"{district} Family Hub (invented)", actor=SEEDER)
        for slot, role in enumerate(_roles(i, profile.supervision.member_roles)):
            member = demo.pop(district) if slot == 3 and district in demo else people.next(district, role)
            if i % 4 == 1 and slot == 2:  # turnover: this place changed hands in the spring
                leaver = supervision.add_member(db=db, group=group, user=member, member_role=role, joined_on=year_ago,
                                                actor=SEEDER)
                supervision.remove_member(db=db, membership_id=leaver.id, left_on=year_ago + timedelta(days=150),
                                          reason="Moved to another post", actor=SEEDER)
                member = people.next(district, role)
                supervision.add_member(db=db, group=group, user=member, member_role=role,
                                       joined_on=year_ago + timedelta(days=151), actor=SEEDER)
            else:
                supervision.add_member(db=db, group=group, user=member, member_role=role, joined_on=year_ago, actor=SEEDER)
        supervision.generate_sessions(db=db, group=group, start=year_ago,
                                      end=today + timedelta(days=31 * profile.supervision.schedule_months_ahead))
        for session in group.sessions:
            if session.starts_at > now:
                continue
            on = session.starts_at.astimezone(LONDON).date()
            for m in supervision.members_on(db=db, group_id=group.id, on=on):
                roll = rng.random()
                status = Attendance.attended if roll < 0.85 else Attendance.apologies if roll < 0.93 else Attendance.did_not_attend
                db.add(SupervisionAttendance(session_id=session.id, user_id=m.user_id, status=status,
                                             recorded_by_id=group.supervisor_id, recorded_at=session.ends_at))
            session.status = SessionStatus.held
    db.flush()
    return len(profile.districts[:12])


def _two_days(first: date, venue: str) -> list[SessionInput]:
    def day(d: date, title: str) -> SessionInput:
        return SessionInput(datetime.combine(d, time(9, 30), LONDON), datetime.combine(d, time(16, 30), LONDON),
                                            venue, title)
    return [day(first, "Day 1: attachment"), day(first + timedelta(days=7), "Day 2: parent-infant relationships")]


def _seed_training(db: Session, rng: random.Random) -> int:
    manager = db.scalar(select(User).where(User.role == Role.manager).order_by(User.id))
    practitioners = list(db.scalars(select(User).where(User.role == Role.practitioner).order_by(User.id)))
    jo = find_user_by_email(db=db, email="jo.pellow@demo.nhs.net")
    rng.shuffle(practitioners)
    pool = [p for p in practitioners if p != jo]
    today = clock.today_local()
    held = training.create_course(db=db, title=f"{TITLE} (autumn)", capacity=15, created_by=manager,
                                  sessions=_two_days(today - timedelta(days=68), "Canterbury Family Hub, training room (invented)"),
                                  description="Two in-person days for Family Hub practitioners working with babies and parents.")
    # The held course's bookings were made before it started, so they are written directly.
    # The demo practitioner took the held course, so their record shows a completed course and a confidence change.
    held_people, rest = ([jo] if jo else []) + pool[:14 - bool(jo)], pool[14 - bool(jo):]
    for n, person in enumerate(held_people):
        booking = TrainingBooking(reference=training.new_reference(db), course_id=held.id, user_id=person.id,
                                  status=BookingStatus.booked, approval=Approval.approved, approved_by_id=manager.id if manager else None,
                                  created_at=held.sessions[0].starts_at - timedelta(days=40 - n),
                                  booked_at=held.sessions[0].starts_at - timedelta(days=40 - n))
        db.add(booking)
        db.flush()
        marks = [Attendance.attended, Attendance.attended]
        if n == 12:
            marks = [Attendance.attended, Attendance.did_not_attend]
        elif n == 13:
            marks = [Attendance.did_not_attend, Attendance.did_not_attend]
        for session, status in zip(held.sessions, marks, strict=False):
            training.record_attendance(db=db, booking=booking, session_id=session.id, status=status, actor=manager or person)
        db.refresh(booking)
        if n < 11:
            before = rng.choice([1, 2, 2, 3, 3])
            form = training.submit_feedback(db=db, booking=booking, user=person, confidence_before=before,
                                            confidence_after=min(5, before + rng.choice([1, 2, 2, 3])), usefulness=rng.choice([4, 5, 5]))
            form.submitted_at = held.sessions[-1].ends_at  # forms are filled in at the end of day 2
    full = training.create_course(db=db, title=f"{TITLE} (winter)", capacity=12, created_by=manager,
                                  sessions=_two_days(today + timedelta(days=58), "Maidstone Family Hub, training room (invented)"))
    for n, person in enumerate(rest[:15]):
        booking = training.book(db=db, request=TrainingBookingRequest(course_id=full.id), user=person)
        if n < 9:
            training.decide(db=db, reference=booking.reference, approve=True, actor=manager or person)
    spring = training.create_course(db=db, title=f"{TITLE} (spring)", capacity=15, created_by=manager,
                                    sessions=_two_days(today + timedelta(days=114), "Ashford Family Hub, training room (invented)"))
    for person in rest[15:19]:
        training.book(db=db, request=TrainingBookingRequest(course_id=spring.id), user=person)
    if jo is not None:
        training.book(db=db, request=TrainingBookingRequest(course_id=full.id), user=jo)  # the demo practitioner sees a waiting-list place
    db.flush()
    return 3


def seed(db: Session, options: Any) -> str:
    rng = random.Random(2026)
    groups = courses = 0
    if db.scalar(select(SupervisionGroup.id).limit(1)) is None:
        groups = _seed_supervision(db, _People(db), rng)
    if db.scalar(select(TrainingCourse.id).limit(1)) is None:
        courses = _seed_training(db, rng)
    if not (groups or courses):
        return "workforce: supervision groups and training courses already there"
    return f"workforce: {groups} supervision groups with a year of sessions, {courses} training courses"
