"""`pimh seed-demo` for the telephone line: invented work numbers for the demo team and a history
of calls (answered, missed, out of hours, call-backs on time and late, a few still open).

Numbers come only from Ofcom's drama ranges (07700 900000-900999, 01632 960000-960999). Calls are
built with the line's own rules (routing by the calendar, call-back clocks) rather than webhooks,
because no duty rota exists for past days; they run only when the calls table is empty.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.core.calendar import calendar_for
from consult.profiles import active_profile
from consult.telephony import numbers, rules
from consult.telephony.models import PhoneCall
from consult.workdays import WorkingCalendar

if TYPE_CHECKING:
    from consult.seeding import SeedOptions

DAYS_BACK = 180
SEED = 20261201
CLINICIAN_NUMBERS = "07700 9001{:02d}"  # clinicians' work mobiles
PRACTITIONER_NUMBERS = "01632 9601{:02d}"  # practitioners' desk lines
UNKNOWN_CALLERS = "07700 9009{:02d}"  # callers with no account


def _team_numbers(db: Session) -> tuple[list[User], list[User]]:
    team = list(db.scalars(select(User).where(User.active.is_(True)).order_by(User.id)))
    clinicians = [u for u in team if u.role == Role.clinician]
    practitioners = [u for u in team if u.role == Role.practitioner]
    for n, user in enumerate(clinicians):
        if numbers.work_phone(db=db, user_id=user.id) is None:
            numbers.set_work_phone(db=db, user=user, number=CLINICIAN_NUMBERS.format(n), actor="pimh seed-demo")
    for n, user in enumerate(practitioners):
        if numbers.work_phone(db=db, user_id=user.id) is None:
            numbers.set_work_phone(db=db, user=user, number=PRACTITIONER_NUMBERS.format(n), actor="pimh seed-demo")
    return clinicians, practitioners


def _call(rng: random.Random, n: int, at: datetime, calendar: WorkingCalendar, clinicians: list[User], practitioners: list[User],
          phones: dict[int, str], now: datetime) -> PhoneCall:
    profile = active_profile()
    caller = rng.choice(practitioners) if practitioners and rng.random() < 0.6 else None
    number = rules.normalise_number(phones[caller.id] if caller else UNKNOWN_CALLERS.format(rng.randrange(100)))
    open_ = calendar.is_open(at)
    call = PhoneCall(provider="twilio", call_sid=f"CAdemo{n:026d}", started_at=at, caller_number=number,
                     caller_index=numbers.index_for(number), caller_id=caller.id if caller else None,
                     callback_requested=False, dial_plan="")
    if open_ and clinicians and rng.random() < 0.78:
        who = rng.choice(clinicians)
        talk = rng.randrange(90, 900)
        call.status, call.answered_at, call.answered_by_id = "answered", at, who.id
        call.duration_seconds, call.ended_at, call.dial_plan = talk, at + timedelta(seconds=talk + 25), str(who.id)
        return call
    if open_:
        call.status, call.duration_seconds = "missed", rng.randrange(20, 70)
        call.dial_plan = ",".join(str(u.id) for u in clinicians[:2])
    else:
        call.status, call.duration_seconds = "out_of_hours", rng.randrange(25, 50)
        call.closed_reason = "bank_holiday" if calendar.bank_holiday_name(calendar.local(at).date()) else "out_of_hours"
    call.ended_at = at + timedelta(seconds=call.duration_seconds)
    call.callback_requested = rng.random() < 0.7
    due = rules.callback_clock(calendar, at=at, working_hours=profile.telephony.callback_working_hours,
                               due_soon_fraction=profile.time_limits.due_soon_fraction)
    call.callback_due, call.callback_due_soon_at = due.due, due.due_soon_at
    # Most are called back within the limit; a few late; the last day's are still open on the queue.
    opening = calendar.next_opening(at)
    back = opening + timedelta(minutes=rng.randrange(10, 200)) if rng.random() < 0.86 else due.due + timedelta(hours=rng.randrange(1, 20))
    if back < now - timedelta(hours=3) and clinicians:
        call.called_back_at, call.called_back_by_id = back, rng.choice(clinicians).id
        call.callback_outcome = rng.choice(("spoke", "spoke", "spoke", "left_message", "no_answer"))
        call.callback_within_target = back <= due.due
        call.working_hours_to_callback = round(calendar.working_hours_between(at, back), 2)
    return call


def seed(db: Session, options: SeedOptions) -> str:
    clinicians, practitioners = _team_numbers(db)
    phones = numbers.work_phones(db=db, user_ids=[u.id for u in practitioners])
    if db.scalar(select(func.count(PhoneCall.id))):
        return "telephone line: calls already there; work numbers checked"
    rng = random.Random(SEED)
    calendar = calendar_for(db)
    now = clock.now()
    made = 0
    day = calendar.local(now).date() - timedelta(days=DAYS_BACK)
    while day <= calendar.local(now).date():
        working = calendar.is_working_day(day)
        for _ in range(rng.randrange(2, 7) if working else rng.randrange(0, 2)):
            hour = rng.choice((8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)) if working else rng.randrange(9, 18)
            at = calendar.local(calendar.opening(day)).replace(hour=hour, minute=rng.randrange(60))
            if at >= now:
                continue
            db.add(_call(rng, made, at.astimezone(now.tzinfo), calendar, clinicians, practitioners, phones, now))
            made += 1
        day += timedelta(days=1)
    db.flush()
    return (f"telephone line: {made} calls over {DAYS_BACK} days; work numbers for {len(clinicians)} clinicians "
            f"and {len(practitioners)} practitioners")
