"""The bot's words, independent of transport: Slack views and the terminal chat both use them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from consult import clock, formatting
from consult.core.calendar import calendar_for, upcoming_closures
from consult.profiles import Profile, active_profile
from consult.telephony.rules import line_number_text
from consult.workdays import WorkingCalendar

WEEKDAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
                 "sat": "Saturday", "sun": "Sunday"}

HELP = [
    ("/pimh ask <question>", "an answer from the service's FAQ (you can also just message me)"),
    ("/pimh consult", "ask a clinician for advice on a case, without naming the family"),
    ("/pimh book", "book a triage discussion with a clinician"),
    ("/pimh check", "check a draft referral is complete and eligible (nothing is stored)"),
    ("/pimh training", "training courses open for booking: book a place or join the waiting list"),
    ("/pimh status", "your open requests and bookings, supervision group and training places"),
    ("/pimh hours", "when the team is open"),
]
IDENTIFIER_WARNING = (
    "Please don't post NHS numbers, dates of birth or other details that could identify a family here. "
    "I have not repeated what you sent, and only a redacted copy is kept."
)


def when(instant: datetime, profile: Profile | None = None) -> str:
    """'Tuesday 24 November at 09:00' in London time (consult.formatting; every profile is in England)."""
    return formatting.spoken(instant, today=clock.today_local())


def is_open_now(db: Session) -> bool:
    return calendar_for(db).is_open(clock.now())


def next_open_sentence(db: Session, calendar: WorkingCalendar | None = None) -> str | None:
    """None while the team is open; otherwise when it opens again."""
    calendar = calendar or calendar_for(db)
    now = clock.now()
    if calendar.is_open(now):
        return None
    return f"The team is closed right now. It opens again on {when(calendar.next_opening(now))}."


def hours_lines(db: Session) -> list[str]:
    profile = active_profile()
    calendar = calendar_for(db, profile)
    now = clock.now()
    hours = profile.office_hours
    days = [WEEKDAY_NAMES[d] for d in hours.days]
    day_span = f"{days[0]} to {days[-1]}" if len(days) > 1 else days[0]
    lines = []
    if calendar.is_open(now):
        lines.append(f"The team is open now, until {calendar.local(calendar.closing(calendar.local(now).date())):%H:%M} today.")
    else:
        lines.append(next_open_sentence(db, calendar) or "")
    lines.append(f"Core hours: {day_span}, {hours.opens:%H:%M}-{hours.closes:%H:%M}, except bank holidays.")
    if line := line_number_text():
        lines.append(f"Telephone consultation line: {line}, answered in core hours (press 1 for a call back).")
    for session in profile.extra_sessions:
        lines.append(f"Also for booked triage discussions: {session.label}, {session.starts:%H:%M}-{session.ends:%H:%M}.")
    # One calendar for the whole answer: `/pimh hours` is answered inside Slack's acknowledgement.
    closures = upcoming_closures(db=db, start=clock.today_local(), days=14, profile=profile, calendar=calendar)
    for day, reason in closures:
        lines.append(f"Closed on {day:%A} {day.day} {day:%B} ({reason}).")
    return lines


def safety_lines(db: Session) -> list[str]:
    """What to do at once when someone may be at immediate risk; contacts come from the profile."""
    contacts = active_profile().contacts
    lines = [
        "This sounds as if someone may be at immediate risk, so I have not tried to answer it myself.",
        contacts.emergency,
        contacts.safeguarding,
        "I have flagged this to the duty clinician, who will contact you.",
    ]
    later = next_open_sentence(db)
    if later:
        lines.append(later + " Until then, please use the numbers above rather than waiting for us.")
    return lines


def respond_by_sentence(respond_by: datetime) -> str:
    return f"A clinician will respond by {when(respond_by)}."
