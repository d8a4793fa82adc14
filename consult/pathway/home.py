"""The pathway's home-page panel (consult/home.py): a clinician's family appointments today, by
time, kind and place, with the referral's reference (never the family's name)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.home import HomeLine, HomePanel
from consult.pathway.models import FamilyAppointment
from consult.referrals.models import Referral
from consult.workdays import WorkingCalendar

METHOD_WORDS = {"home_visit": "home visit", "clinic": "at clinic", "video": "video call", "phone": "phone call"}


def appointments_today(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    if not viewer.has_role(Role.clinician) or viewer.has_role(Role.manager):
        return None
    start = datetime.combine(calendar.local(now).date(), time(0), calendar.local(now).tzinfo)
    rows = db.execute(select(FamilyAppointment, Referral.reference).join(Referral, Referral.id == FamilyAppointment.referral_id)
                      .where(FamilyAppointment.clinician_id == viewer.id, FamilyAppointment.starts_at >= start,
                             FamilyAppointment.starts_at < start + timedelta(days=1),
                             FamilyAppointment.status.in_(("booked", "attended", "did_not_attend")))
                      .order_by(FamilyAppointment.starts_at)).all()
    lines = tuple(HomeLine(f"{calendar.local(a.starts_at):%H:%M} · {a.kind.capitalize()} appointment",
                           f"/referrals/{reference}/appointments", reference,
                           ", ".join(p for p in (METHOD_WORDS.get(a.method, a.method), a.place) if p))
                  for a, reference in rows)
    return HomePanel("Your family appointments today", lines, empty="No family appointments with you today.",
                     more=("/caseload", "Your caseload"), order=40)
