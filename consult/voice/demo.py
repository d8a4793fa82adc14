"""`pimh seed-demo` for complaints, compliments, families' feedback and a narrative.

Everything goes through the service functions with the clock moved to when it happened, so the
acknowledgement clocks, timeline, audit and encryption are what real records get. Runs only when
the complaints table is empty. Invented words only; no family is named.
"""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.clock import LONDON, FrozenClock
from consult.reporting.periods import previous_quarter
from consult.voice import feedback, narrative, service
from consult.voice.models import Complaint

if TYPE_CHECKING:
    from consult.seeding import SeedOptions

SEED = 20261201
COMPLAINTS = (
    ("parent", "Waiting time for the first visit",
     "The parent felt the wait between the referral and the first visit was too long and nobody explained why."),
    ("practitioner", "Triage call started late",
     "The practitioner waited twenty minutes for a triage call to begin and had to leave for a home visit."),
    ("carer", "Letter sent to an old address", "The carer said the end-of-contact letter went to the family's previous address."),
    ("parent", "How a visit was ended", "The parent felt a home visit ended abruptly and would have liked time to ask questions."),
    ("other", "Parking at the Family Hub", "A grandparent found no parking near the Family Hub and missed the start of a session."),
    ("practitioner", "Advice arrived after the time limit",
     "The practitioner received the written advice a day later than the time the service gives."),
)
COMPLIMENTS = (
    ("parent", "Home visits", "The parent said the visits helped them enjoy bath time with the baby again."),
    ("practitioner", "Consultation advice", "The health visitor said the advice was clear and she used it the same week."),
    ("carer", "Group sessions", "A carer thanked the team for making the group feel welcoming."),
    ("practitioner", "Supervision", "A Family Hub practitioner said group supervision helped her think about a hard case."),
)
COMMENTS = ("The visits helped me understand my baby.", "Kind and patient staff.", None, None,
            "It took a while to get started but it was worth it.", "I would like evening appointments.", None)
RATINGS = ("very_good",) * 9 + ("good",) * 6 + ("neither", "poor", "dont_know")
NARRATIVE = ("This quarter the service opened evening sessions at two Family Hubs after families asked for them. "
             "Practitioners most often asked for help observing parent-infant interaction, so the next Level 2 "
             "course gives that a whole morning. One parent told us that being able to talk about intrusive "
             "thoughts without being judged made it possible to enjoy feeds again.")


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), LONDON)


def seed(db: Session, options: SeedOptions) -> str:
    if db.scalar(select(func.count()).select_from(Complaint)):
        return "complaints and feedback: already there, none added"
    people = list(db.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    managers = [u for u in people if u.role == Role.manager]
    clinicians = [u for u in people if u.role == Role.clinician] or managers
    if not managers:
        return "complaints and feedback: no demo manager, none added"
    rng = random.Random(SEED)
    now = clock.now()
    today = now.astimezone(LONDON).date()
    frozen = FrozenClock(now)
    previous = clock.use(frozen)
    try:
        for n, (source, about, summary) in enumerate(COMPLAINTS):
            received = today - timedelta(days=150 - 28 * n)
            frozen.set(_at(received, 11))
            c = service.record_complaint(db=db, recorder=rng.choice(clinicians), received_on=received,
                                         source=source, about=about, summary=summary)
            if n >= len(COMPLAINTS) - 1:
                continue  # the newest waits in the managers' queue
            manager = rng.choice(managers)
            frozen.set(_at(received + timedelta(days=1 + n % 4), 10))
            service.acknowledge(db=db, complaint=c, manager=manager)
            service.investigate(db=db, complaint=c, manager=manager)
            if n < len(COMPLAINTS) - 2:
                frozen.set(_at(received + timedelta(days=20), 15))
                service.close(db=db, complaint=c, manager=manager, outcome=("upheld", "partly_upheld", "not_upheld",
                                                                            "withdrawn")[n % 4],
                              response="We apologised, explained what happened and changed how we tell families about waits.")
        for n, (source, about, summary) in enumerate(COMPLIMENTS):
            frozen.set(_at(today - timedelta(days=120 - 30 * n), 12))
            service.record_compliment(db=db, recorder=rng.choice(clinicians), received_on=frozen.now().date(),
                                      source=source, about=about, summary=summary)
        for _ in range(60):
            frozen.set(_at(today - timedelta(days=rng.randrange(1, 180)), 14))
            feedback.record_feedback(db=db, rating=rng.choice(RATINGS), comment=rng.choice(COMMENTS))
        frozen.set(now)
        narrative.save(db=db, label=previous_quarter(today).label, text=NARRATIVE, manager=managers[0])
    finally:
        clock.use(previous)
    return f"complaints and feedback: {len(COMPLAINTS)} complaints, {len(COMPLIMENTS)} compliments, 60 answers, a narrative"
