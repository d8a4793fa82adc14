"""Pure rules of the telephone line: numbers, where a call goes, call-back clocks (no I/O).

The working calendar, the duty list and the loads are passed in, so each rule is a plain function
tests call with any instant.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from consult.consultations.rules import DUE_SOON, ON_TRACK, OVERDUE
from consult.workdays import WorkingCalendar

DONE = "done"
# Bounded: at most 20 characters of digits and separators are looked at (linear in the input).
_NUMBER = re.compile(r"^\+?[0-9][0-9 ()\-]{5,19}$")


def normalise_number(text: str, *, country_code: str = "44") -> str:
    """A phone number as E.164 (+447700900123): spaces, hyphens and brackets dropped, a national
    leading 0 replaced by the country code. ValueError when it cannot be a phone number."""
    value = (text or "").strip()
    if not _NUMBER.match(value):
        raise ValueError("enter a phone number of 7 to 15 digits, for example 01632 960123")
    digits = re.sub(r"[^0-9]", "", value)
    if value.startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif digits.startswith("0"):
        number = country_code + digits[1:]
    else:
        number = digits
    if not 7 <= len(number) <= 15 or number.startswith("0"):
        raise ValueError("enter a phone number of 7 to 15 digits, for example 01632 960123")
    return "+" + number


def mask_number(number: str | None) -> str:
    """For logs and lists that must not show a number: only its last three digits."""
    if not number:
        return "withheld"
    digits = re.sub(r"[^0-9]", "", number[:32])
    return f"…{digits[-3:]}" if len(digits) > 3 else "…"


def is_withheld(number: str | None) -> bool:
    """Providers send "anonymous", "Restricted", "+266696687" or nothing for a withheld number."""
    if not number:
        return True
    try:
        normalise_number(number)
    except ValueError:
        return True
    return number.lstrip("+") in ("266696687", "86282452253", "7378742833", "2562533")


@dataclass(frozen=True)
class Route:
    """Where an incoming call goes: to the duty clinicians, or a closed message with a call-back offer."""

    dial: tuple[int, ...]  # user ids in the order their phones ring; empty when closed
    closed_reason: str | None  # out_of_hours | bank_holiday | closure | nobody_on_duty
    next_opening: datetime | None


def dial_order(duty: Sequence[int], loads: Mapping[int, int]) -> tuple[int, ...]:
    """Duty clinicians with a work number, least-loaded first; rota order breaks ties."""
    return tuple(sorted(duty, key=lambda clinician: (loads.get(clinician, 0), duty.index(clinician))))


def route_call(calendar: WorkingCalendar, *, now: datetime, duty: Sequence[int], loads: Mapping[int, int],
               is_closure: bool) -> Route:
    """In office hours with someone on duty: dial them. Otherwise say why, and when the line opens."""
    day = calendar.local(now).date()
    if not calendar.is_open(now):
        if day.weekday() in calendar.weekdays and calendar.bank_holiday_name(day):
            reason = "bank_holiday"
        elif day.weekday() in calendar.weekdays and is_closure:
            reason = "closure"
        else:
            reason = "out_of_hours"
        return Route((), reason, calendar.next_opening(now))
    if not duty:
        # Open, but nobody to take it: the caller hears when the next working day starts.
        return Route((), "nobody_on_duty", calendar.opening(calendar.next_working_day(day)))
    return Route(dial_order(duty, loads), None, None)


def spoken_time(calendar: WorkingCalendar, instant: datetime, *, now: datetime) -> str:
    """'today at 9 am', 'tomorrow at 9 am', 'Monday 30 November at 9 am' (for <Say>)."""
    local, today = calendar.local(instant), calendar.local(now).date()
    hour = local.hour % 12 or 12
    clock_text = f"{hour}{'' if local.minute == 0 else f':{local.minute:02d}'} {'am' if local.hour < 12 else 'pm'}"
    if local.date() == today:
        return f"today at {clock_text}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow at {clock_text}"
    return f"{local:%A} {local.day} {local:%B} at {clock_text}"


def closed_message(reason: str, *, when: str, day_name: str | None = None) -> str:
    why = {
        "out_of_hours": "The line is closed just now.",
        "bank_holiday": f"The line is closed for {day_name or 'the bank holiday'}.",
        "closure": "The line is closed today.",
        "nobody_on_duty": "No clinician is able to take calls just now.",
    }[reason]
    return f"{why} It opens again {when}."


@dataclass(frozen=True)
class CallbackClock:
    due_soon_at: datetime
    due: datetime


def callback_clock(calendar: WorkingCalendar, *, at: datetime, working_hours: float,
                   due_soon_fraction: float) -> CallbackClock:
    """A call-back is due `working_hours` of open time after the call (so a Friday 16:30 call with
    a four-hour limit is due on Monday at 12:30); due soon once the fraction of that has gone."""
    allowed = timedelta(hours=working_hours)
    return CallbackClock(due_soon_at=calendar.add_working_time(at, allowed * due_soon_fraction),
                         due=calendar.add_working_time(at, allowed))


def callback_state(*, now: datetime, due_soon_at: datetime | None, due: datetime | None,
                   called_back_at: datetime | None) -> str:
    if due is None or called_back_at is not None:
        return DONE
    if now >= due:
        return OVERDUE
    if due_soon_at is not None and now >= due_soon_at:
        return DUE_SOON
    return ON_TRACK


def status_after_dial(dial_status: str | None) -> str:
    """The call's status once a <Dial> ends: 'answered' when a clinician picked up, else 'missed'."""
    return "answered" if dial_status in ("completed", "answered") else "missed"


def duration(value: str | None) -> int | None:
    """A provider's duration in seconds ('37'), or None when absent or not a number."""
    text = (value or "").strip()
    if not text.isdigit() or len(text) > 7:
        return None
    return int(text)


def display_number(e164: str | None) -> str | None:
    """A UK number as people write it (+441632960000 -> 01632 960000, +442079460000 -> 020 7946 0000);
    any other number stays in E.164."""
    if not e164:
        return None
    if not e164.startswith("+44"):
        return e164
    national = "0" + e164[3:]
    if national.startswith("02") and len(national) == 11:
        return f"{national[:3]} {national[3:7]} {national[7:]}"
    if len(national) == 11:
        return f"{national[:5]} {national[5:]}"
    return national


def line_number_text() -> str | None:
    """The line's public number (PHONE_LINE_NUMBER) for pages, the FAQ and Slack; None when unset."""
    from consult.settings import get_settings

    return display_number(get_settings().phone_line_number)
