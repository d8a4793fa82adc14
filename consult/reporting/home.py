"""Reporting on the managers' home page (consult/home.py): the way into each report."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.home import HomePanel
from consult.workdays import WorkingCalendar

REPORTS = (("/reports", "The quarterly return for the commissioner"), ("/reports/dashboard", "The dashboard"),
           ("/reports/annual", "The annual statement"), ("/reports/log", "The consultation log"))


def reports(*, db: Session, viewer: User, now: datetime, calendar: WorkingCalendar) -> HomePanel | None:
    return HomePanel("Reports", links=REPORTS, order=30) if viewer.has_role(Role.manager) else None
