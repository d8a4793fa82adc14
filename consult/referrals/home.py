"""The referrals' home-page panel (consult/home.py): a practitioner's referrals that wait on them
(the service asked for more information) and how many are in progress."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.home import HomeLine, HomePanel
from consult.referrals import service
from consult.workdays import WorkingCalendar

DONE = ("closed", "withdrawn", "not_eligible")


def waiting_for_you(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    if viewer.has_role(Role.clinician):
        return None
    mine = service.list_for_viewer(db=db, viewer=viewer, limit=200)
    asked = [r for r in mine if r.status == "more_information"]
    in_progress = sum(1 for r in mine if r.status not in DONE)
    lines = tuple(HomeLine(f"Referral · {r.district}", f"/referrals/{r.reference}", r.reference,
                           "The service has asked you for more information", "due_soon") for r in asked)
    empty = (f"Nothing needs you now. {in_progress} of your referrals "
             f"{'is' if in_progress == 1 else 'are'} in progress." if in_progress else "No referrals in progress.")
    return HomePanel("Referrals waiting for you", lines, empty=empty, more=("/referrals", "All your referrals"),
                     order=30)
