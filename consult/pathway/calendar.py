"""The clinician's calendar file: every family appointment they hold, one event each.

A subscription-style feed (one VCALENDAR, no METHOD) so a calendar app shows the whole diary;
each event's UID never changes and SEQUENCE goes up with each outcome, so a re-import updates
the event it holds. Summaries carry the kind, the method and the referral's reference only.
"""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.pathway.appointments import WORDS
from consult.pathway.models import FamilyAppointment
from consult.profiles import Profile
from consult.referrals.messages import link
from consult.referrals.models import Referral


def clinician_calendar(*, db: Session, clinician: User, profile: Profile) -> bytes:
    from icalendar import Calendar, Event  # on first use, not at start-up (issue 23)

    zone = ZoneInfo(profile.timezone)
    calendar = Calendar()
    calendar.add("prodid", "-//PIMH Consult//Family appointments//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{profile.service_short_name} family appointments")
    rows = db.execute(select(FamilyAppointment, Referral).join(Referral, Referral.id == FamilyAppointment.referral_id)
                      .where(FamilyAppointment.clinician_id == clinician.id).order_by(FamilyAppointment.starts_at))
    years = [clock.today_local().year]
    for appointment, referral in rows:
        cancelled = appointment.status.startswith("cancelled")
        event = Event()
        event.add("uid", appointment.uid)
        event.add("sequence", appointment.sequence)
        event.add("dtstamp", clock.now())
        event.add("dtstart", appointment.starts_at.astimezone(zone))
        event.add("dtend", appointment.ends_at.astimezone(zone))
        event.add("summary", f"{'Cancelled: ' if cancelled else ''}{WORDS[appointment.kind]} · {referral.reference} "
                             f"({WORDS[appointment.method].lower()})")
        lines = [f"Referral {referral.reference}, {referral.district}.", f"Outcome: {WORDS[appointment.status]}."]
        if appointment.session_label:
            lines.append(appointment.session_label + ".")
        lines.append(f"Details (signed in): {link(referral, '/appointments')}")
        event.add("description", "\n".join(lines))
        if appointment.method == "clinic":
            event.add("location", appointment.place)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        calendar.add_component(event)
        years.append(appointment.starts_at.year)
    calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 2, 1, 1))
    ical: bytes = calendar.to_ical()
    return ical
