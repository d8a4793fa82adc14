"""`pimh seed-demo` for referrals: a year of invented referrals at every stage of the pathway.

Each step goes through the service functions with the clock moved to when it happened, so triage
clocks, consents, timeline, audit and encryption are exactly what a real referral gets. Runs only
when the referrals table is empty. Invented families only: 999-range NHS numbers (Modulus 11).
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from nhs_number.validate import is_valid as nhs_number_passes_modulus_11
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult import clock, notify
from consult.auth.models import Role, User
from consult.clock import LONDON, FrozenClock
from consult.readiness.schemas import Referral as ReferralBody
from consult.readiness.schemas import Screening
from consult.referrals import service
from consult.referrals.models import Referral

COUNT = 42
WAITING = 3  # received in the last working day, not yet triaged
DAYS_BACK = 365
SEED = 20261123

DESCRIPTIONS = (
    "The parent says they feel detached when caring for the baby and struggles to respond to crying.",
    "Since a difficult birth the parent avoids holding the baby and feels anxious when alone with them.",
    "The parent describes intrusive worries about harming the baby and avoids bath times and feeds.",
    "The baby is hard to settle and rarely makes eye contact; the parent feels rejected and low most days.",
    "The parent's own childhood was very hard and they fear repeating it; they find play with the baby difficult.",
    "After a long stay in neonatal care the parent feels the baby is a stranger and finds touch uncomfortable.",
)
CONCERN_SETS = (("not_bonding",), ("trauma", "not_bonding"), ("negative_thoughts",),
                ("infant_distress_signs", "no_positive_relationship"), ("own_parent_relationship",),
                ("additional_difficulties", "not_bonding"))
TRIAGE_TEXT = {
    "eligible": "Eligible: the difficulties in the relationship fit the service; we will offer an assessment at home.",
    "not_eligible": "Not eligible: the main need is the parent's own mental health; please refer to the perinatal team.",
    "more_information": "Please tell us how long this has been happening and what support the family already has.",
}
LETTER = ("Thank you for referring this family. We offered eight sessions of parent-infant work; the parent "
          "and baby now enjoy play together and the parent feels more confident reading the baby's cues. "
          "We will telephone the family in six months.")
WITHDRAW_REASON = "The family moved out of the area before the assessment."
FOLLOW_UP_NOTE = "Spoke to the parent: things are going well and they know how to get back in touch."


def demo_nhs_number(rng: random.Random) -> str:
    """A 999-range number whose Modulus 11 check digit is valid (10 as a check digit is impossible)."""
    while True:
        stem = "999" + f"{rng.randrange(10**6):06d}"
        check = 11 - sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=False)) % 11
        candidate = stem + str(0 if check == 11 else check)
        if check != 10 and nhs_number_passes_modulus_11(candidate):
            return candidate


def _body(rng: random.Random, practitioner: User, on: datetime) -> ReferralBody:
    day = on.astimezone(LONDON).date()
    return ReferralBody.model_validate({
        "referrer": {"name": practitioner.name, "role": practitioner.job_role or "Practitioner",
                     "organisation": practitioner.organisation or "Community trust",
                     "source": practitioner.organisation_type, "email": practitioner.email, "phone": "01632 960000"},
        "consent": {"informed_consent_to_referral": True, "data_linkage_consent": rng.random() < 0.8},
        "parent": {"nhs_number": demo_nhs_number(rng), "district": practitioner.district or "Thanet",
                   "date_of_birth": (day - timedelta(days=rng.randrange(20 * 365, 38 * 365))).isoformat(),
                   "postcode": "CT9 1AA", "relationship_to_infant": "mother", "interpreter_required": False,
                   "language": "English"},
        "infant": {"nhs_number": demo_nhs_number(rng),
                   "date_of_birth": (day - timedelta(days=rng.randrange(21, 400))).isoformat()},
        "concerns": list(rng.choice(CONCERN_SETS)),
        "description": rng.choice(DESCRIPTIONS),
        "safeguarding": {"concerns": False, "procedures_followed": False, "child_protection_investigation": False},
        "screening": {"mors_sf": {"warmth": rng.randrange(12, 26), "invasion": rng.randrange(8, 20)},
                      "phq9": {"total": rng.randrange(3, 18), "item9": 0}, "gad7": {"total": rng.randrange(2, 15)}},
    })


def _scores(rng: random.Random, *, after: Screening | None = None) -> Screening:
    """Scores at assessment, or at the end: most families improve, by varying amounts, a few do not."""
    if after is None:
        return Screening.model_validate({
            "mors_sf": {"warmth": rng.randrange(10, 21), "invasion": rng.randrange(14, 25)},
            "phq9": {"total": rng.randrange(8, 21), "item9": 0}, "gad7": {"total": rng.randrange(6, 18)}})
    def gain(low: int, high: int) -> int:
        return rng.randrange(low, high)

    return Screening.model_validate({
        "mors_sf": {"warmth": min(35, after.mors_sf.warmth + gain(-1, 10)),  # type: ignore[operator]
                    "invasion": max(0, after.mors_sf.invasion - gain(-1, 9))},  # type: ignore[operator]
        "phq9": {"total": max(0, after.phq9.total - gain(-2, 10)), "item9": 0},  # type: ignore[operator]
        "gad7": {"total": max(0, after.gad7.total - gain(-2, 8))}})  # type: ignore[operator]


def _working_instant(start: datetime, days: int, hour: int) -> datetime:
    """`days` later at `hour` London time, moved forward past a weekend."""
    day = start.astimezone(LONDON).date() + timedelta(days=days)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour, day.toordinal() * 7 % 60), LONDON)  # varied, repeatable minutes


def _latest_working_moment(now: datetime, hours_back: int) -> datetime:
    """About `hours_back` hours before now, moved back to 10:00-16:00 on a weekday: a recent referral
    that is still inside its triage time limit, whatever day the demo is loaded."""
    moment = now - timedelta(hours=hours_back)
    while moment.astimezone(LONDON).weekday() >= 5 or not 10 <= moment.astimezone(LONDON).hour < 16:
        moment -= timedelta(hours=1)
    return moment


def _one(db: Session, rng: random.Random, practitioner: User, clinician: User, received: datetime,
         now: datetime, frozen: FrozenClock, *, waiting: bool = False) -> bool:
    """One referral taken as far along the pathway as a working service would have by now: triaged
    within the time limit, more information chased and the referral decided, the assessment,
    intervention, closing letter and six-month call each done when due. Only recent referrals are
    still at a stage (waiting for triage, an assessment or the end of their intervention)."""
    def at(moment: datetime) -> bool:
        if moment >= now:
            return False
        frozen.set(moment)
        return True

    if not at(received):
        return False
    referral = service.submit(db=db, body=_body(rng, practitioner, received), practitioner=practitioner, channel="web")
    triaged = _working_instant(received, rng.choice((0, 1, 1, 2)), 14)
    if waiting or not at(triaged):
        return True
    outcome = rng.choices(("eligible", "not_eligible", "more_information"), weights=(7, 2, 1))[0]
    service.triage(db=db, referral=referral, clinician=clinician, outcome=outcome,
                   thrive="getting_help" if outcome == "eligible" else None, guidance=TRIAGE_TEXT[outcome])
    if outcome == "more_information":
        # The referrer answers within a few days and the clinician decides.
        triaged = _working_instant(triaged, rng.randrange(2, 6), 11)
        if not at(triaged):
            return True
        outcome = rng.choices(("eligible", "not_eligible"), weights=(4, 1))[0]
        service.triage(db=db, referral=referral, clinician=clinician, outcome=outcome,
                       thrive="getting_help" if outcome == "eligible" else None, guidance=TRIAGE_TEXT[outcome])
    if outcome != "eligible":
        return True
    if rng.random() < 0.1 and at(_working_instant(triaged, 5, 11)):
        service.withdraw(db=db, referral=referral, actor=practitioner, reason=WITHDRAW_REASON)
        return True
    assessed = _working_instant(triaged, rng.randrange(7, 20), 10)
    if not at(assessed):  # recent: still waiting for the assessment
        return True
    at_assessment = _scores(rng)
    service.record_assessment(db=db, referral=referral, clinician=clinician, on=assessed.date(), screening=at_assessment)
    started = _working_instant(assessed, rng.randrange(5, 25), 10)
    if not at(started):
        return True
    service.start_intervention(db=db, referral=referral, clinician=clinician, on=started.date())
    if not at(_working_instant(started, rng.randrange(70, 140), 15)):
        return True
    service.close(db=db, referral=referral, clinician=clinician, letter=LETTER, screening=_scores(rng, after=at_assessment))
    # The six-month call is made on its day (or the next working day) once that day has come.
    if referral.follow_up_on is not None:
        call = _working_instant(datetime.combine(referral.follow_up_on, time(11), LONDON), 0, 11)
        if at(call):
            service.complete_follow_up(db=db, referral=referral, clinician=clinician, note=FOLLOW_UP_NOTE)
    return True


def seed(db: Session, options: Any) -> str:
    if db.scalar(select(func.count()).select_from(Referral)):
        return "referrals: already there, none added"
    people = list(db.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    practitioners = [u for u in people if u.role == Role.practitioner and u.organisation_type and u.district]
    clinicians = [u for u in people if u.role == Role.clinician]
    if not practitioners or not clinicians:
        return "referrals: no demo team, none added"
    rng = random.Random(SEED)
    now = clock.now()
    frozen = FrozenClock(now)
    previous = clock.use(frozen)
    try:
        # Oldest first so references run in date order, as they would have been issued.
        starts = sorted(_working_instant(now, -rng.randrange(1, DAYS_BACK), 10) for _ in range(COUNT - WAITING))
        # The newest few arrived in the last working day and wait for triage, inside their time
        # limit, so the clinicians' queue has work without anything long overdue.
        starts += sorted(_latest_working_moment(now, hours) - timedelta(minutes=13 * n)
                         for n, hours in enumerate((26, 5, 2)[:WAITING]))
        added = sum(_one(db, rng, rng.choice(practitioners), rng.choice(clinicians), received, now, frozen,
                         waiting=n >= COUNT - WAITING) for n, received in enumerate(starts))
    finally:
        clock.use(previous)
    # A year of historic acknowledgements and triage notices must not go out to real inboxes.
    db.info.pop(notify._OUTBOX, None)
    return f"referrals: {added} added at every stage of the pathway"
