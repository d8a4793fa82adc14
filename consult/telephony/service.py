"""The telephone line's service: a call arrives, is dialled through or told when the line opens,
ends answered or missed, and a missed one becomes a call-back a clinician records.

Every step is a conditional write, so a webhook the provider retries (same CallSid) or two
callbacks racing change a call once: the call row is inserted with ON CONFLICT DO NOTHING on
(provider, call_sid), and each status change is `UPDATE ... WHERE status = :expected`. The
answer to a retried webhook is worked out again from the stored row, so the caller hears the same.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import structlog
from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from consult.consultations.rota import duty_day, duty_for, open_loads
from consult.core.calendar import calendar_for
from consult.core.models import Closure
from consult.profiles import active_profile
from consult.telephony import numbers, rules
from consult.telephony.models import PhoneCall
from consult.telephony.provider import Answer, CallEvent, DialStep, Hangup, KeypadStep, Say, Step

log = structlog.get_logger(__name__)
NOBODY_ANSWERED = "Sorry, no clinician could take your call just now."
WITHHELD = ("Your number is withheld, so we cannot call you back. Please call again when the line is open, "
            "or ask for a consultation on the web.")
NO_KEY = "We did not hear a key. Goodbye."
ENDED = ("completed", "busy", "no-answer", "failed", "canceled")


def _insert_call(db: Session) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into the calls table in the database's own dialect, which has ON CONFLICT DO NOTHING."""
    table = cast(Table, PhoneCall.__table__)  # a mapped class's __table__ is its Table; SQLAlchemy types it FromClause
    return pg_insert(table) if db.get_bind().dialect.name == "postgresql" else sqlite_insert(table)


def call_by_sid(*, db: Session, provider: str, call_sid: str) -> PhoneCall | None:
    return db.scalar(select(PhoneCall).where(PhoneCall.provider == provider, PhoneCall.call_sid == call_sid))


def _route(db: Session, now: datetime) -> tuple[rules.Route, dict[int, str]]:
    calendar = calendar_for(db)
    day = calendar.local(now).date()
    duty = duty_for(db=db, day=duty_day(calendar, now)) if calendar.is_open(now) else []
    phones = numbers.work_phones(db=db, user_ids=[u.id for u in duty])
    reachable = [u.id for u in duty if u.id in phones]  # a clinician without a work number cannot be dialled
    is_closure = db.scalar(select(Closure.id).where(Closure.day == day)) is not None
    return rules.route_call(calendar, now=now, duty=reachable, loads=open_loads(db=db), is_closure=is_closure), phones


def incoming_call(*, db: Session, provider: str, event: CallEvent, now: datetime) -> Answer:
    """The voice webhook: record the call once and say what happens to it."""
    existing = call_by_sid(db=db, provider=provider, call_sid=event.call_sid)
    if existing is None:
        route, _ = _route(db, now)
        caller = numbers.match_caller(db=db, number=event.from_number)
        withheld = rules.is_withheld(event.from_number)
        number = None if withheld else rules.normalise_number(event.from_number or "")
        values = {
            "provider": provider, "call_sid": event.call_sid, "started_at": now,
            "status": "ringing" if route.dial else "out_of_hours", "closed_reason": route.closed_reason,
            "caller_number": number, "caller_index": numbers.index_for(number) if number else None,
            "caller_id": caller.id if caller else None, "dial_plan": ",".join(str(i) for i in route.dial),
            "callback_requested": False,
        }
        if not route.dial and number:
            values.update(_callback_values(db, now))
        result = db.execute(_insert_call(db).values(**values)
                            .on_conflict_do_nothing(index_elements=["provider", "call_sid"]))
        if result.rowcount:  # type: ignore[attr-defined]
            log.info("telephony_call_received", provider=provider, caller=rules.mask_number(number),
                     matched=caller is not None, route=route.closed_reason or "dial", dialled=len(route.dial))
        existing = call_by_sid(db=db, provider=provider, call_sid=event.call_sid)
    assert existing is not None
    return _opening_answer(db, existing, now)


def _callback_values(db: Session, at: datetime) -> dict[str, datetime]:
    profile = active_profile()
    clock_ = rules.callback_clock(calendar_for(db), at=at, working_hours=profile.telephony.callback_working_hours,
                                  due_soon_fraction=profile.time_limits.due_soon_fraction)
    return {"callback_due": clock_.due, "callback_due_soon_at": clock_.due_soon_at}


def _opening_answer(db: Session, call: PhoneCall, now: datetime) -> Answer:
    line = active_profile().telephony
    greeting = Say(line.greeting)
    if call.dialled_ids:
        return _dial(db, call, attempt=1, before=(greeting,))
    calendar = calendar_for(db)
    reopens = (calendar.opening(calendar.next_working_day(calendar.local(now).date()))
               if call.closed_reason == "nobody_on_duty" else calendar.next_opening(now))
    day_name = calendar.bank_holiday_name(calendar.local(call.started_at).date())
    closed = Say(rules.closed_message(call.closed_reason or "out_of_hours",
                                      when=rules.spoken_time(calendar, reopens, now=now), day_name=day_name))
    return Answer((greeting, closed, *_callback_offer(call)))


def _callback_offer(call: PhoneCall) -> tuple[Step, ...]:
    if call.caller_number is None:
        return (Say(WITHHELD), Hangup())
    return (KeypadStep(active_profile().telephony.callback_offer), Say(NO_KEY), Hangup())


def _dial(db: Session, call: PhoneCall, *, attempt: int, before: tuple[Step, ...] = ()) -> Answer:
    plan = call.dialled_ids
    phones = numbers.work_phones(db=db, user_ids=plan)
    # A clinician whose number was removed since the call started is skipped.
    while attempt <= len(plan) and plan[attempt - 1] not in phones:
        attempt += 1
    if attempt > len(plan):
        return Answer((*before, Say(NOBODY_ANSWERED), *_callback_offer(call)))
    step = DialStep(phones[plan[attempt - 1]], active_profile().telephony.dial_timeout_seconds, attempt)
    return Answer((*before, step))


def dial_result(*, db: Session, provider: str, event: CallEvent, attempt: int, now: datetime) -> Answer:
    """One <Dial> ended: answered (the call is done), or ring the next clinician, or it is missed."""
    call = call_by_sid(db=db, provider=provider, call_sid=event.call_sid)
    if call is None:
        return Answer((Hangup(),))
    if rules.status_after_dial(event.dial_status) == "answered":
        plan = call.dialled_ids
        answered_by = plan[attempt - 1] if 0 < attempt <= len(plan) else None
        _change(db, call, "ringing", status="answered", answered_at=now, answered_by_id=answered_by,
                duration_seconds=event.dial_duration)
        return Answer((Hangup(),))
    if call.status == "ringing" and attempt < len(call.dialled_ids):
        answer = _dial(db, call, attempt=attempt + 1)
        if any(isinstance(step, DialStep) for step in answer.steps):
            return answer
    _miss(db, call, now)
    db.refresh(call)
    return Answer((Say(NOBODY_ANSWERED), *_callback_offer(call)))


def _miss(db: Session, call: PhoneCall, now: datetime) -> bool:
    extra = _callback_values(db, call.started_at) if call.caller_number else {}
    return _change(db, call, "ringing", status="missed", **extra)


def _change(db: Session, call: PhoneCall, expected: str, **values: Any) -> bool:
    """`UPDATE ... WHERE status = :expected`: only the first of two racing webhooks changes the call."""
    result = db.execute(update(PhoneCall).where(PhoneCall.id == call.id, PhoneCall.status == expected)
                        .values(**values).execution_options(synchronize_session=False))
    db.expire(call)
    if result.rowcount:  # type: ignore[attr-defined]
        log.info("telephony_call_status", call=call.id, status=values.get("status", expected))
    return bool(result.rowcount)  # type: ignore[attr-defined]


def status_update(*, db: Session, provider: str, event: CallEvent, now: datetime) -> None:
    """The call's status callback: its length, and a call still ringing when the caller hung up is missed."""
    call = call_by_sid(db=db, provider=provider, call_sid=event.call_sid)
    if call is None or event.call_status not in ENDED:
        return
    if call.status == "ringing":
        _miss(db, call, now)
    # An answered call keeps its talk time from the <Dial>; any other call its whole length.
    db.execute(update(PhoneCall).where(PhoneCall.id == call.id, PhoneCall.ended_at.is_(None))
               .values(ended_at=now, duration_seconds=func.coalesce(PhoneCall.duration_seconds, event.duration))
               .execution_options(synchronize_session=False))
    db.expire(call)


def keypad(*, db: Session, provider: str, event: CallEvent, now: datetime) -> Answer:
    """The caller's key after the call-back offer: 1 asks for a call back."""
    call = call_by_sid(db=db, provider=provider, call_sid=event.call_sid)
    if call is None or event.digits != "1":
        return Answer((Say(NO_KEY if not event.digits else "Goodbye."), Hangup()))
    if call.caller_number is None:
        return Answer((Say(WITHHELD), Hangup()))
    db.execute(update(PhoneCall).where(PhoneCall.id == call.id, PhoneCall.callback_requested.is_(False))
               .values(callback_requested=True).execution_options(synchronize_session=False))
    db.expire(call)
    return Answer((Say(active_profile().telephony.callback_confirmed), Hangup()))
