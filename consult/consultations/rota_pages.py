"""The duty rota page: managers set who is on triage each working day; clinicians see when they are on.

Two weeks at a time (the week of `?week=`, default this week, and the next). Saving a day calls
`rota.set_duty`, the same function as `PUT /api/duty-rota/{day}`, so the offer rule and the audit
event are the same whichever way the rota was set.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations import rota
from consult.core.calendar import calendar_for, upcoming_closures
from consult.core.types import parse_day, parse_id
from consult.deps import ClinicianPage, ManagerPage, SessionDep
from consult.web import FormDep, flash, render, verify_csrf

router = APIRouter(include_in_schema=False)
WEEKS = 2


@dataclass
class RotaDay:
    day: date
    closed: str | None = None  # why nobody works that day (bank holiday or closure)
    on_duty: list[User] = field(default_factory=list)
    past: bool = False

    @property
    def key(self) -> str:
        return f"day-{self.day.isoformat()}"


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _message(request: Request, heading: str, message: str, status_code: int) -> Response:
    return render(request, "message.html", {"heading": heading, "message": message,
                                            "link": {"href": "/duty-rota", "text": "Back to the duty rota"}},
                  status_code=status_code)


def _days(db: Session, start: date) -> list[RotaDay]:
    """Each day the service normally works (weekends left out), with closures named."""
    calendar = calendar_for(db)
    closed = dict(upcoming_closures(db=db, start=start, days=7 * WEEKS))
    today = clock.today_local()
    days = []
    for offset in range(7 * WEEKS):
        day = start + timedelta(days=offset)
        if day.weekday() not in calendar.weekdays:
            continue
        reason = None if calendar.is_working_day(day) else closed.get(day, "closed")
        days.append(RotaDay(day=day, closed=reason, past=day < today,
                            on_duty=[] if reason else rota.duty_for(db=db, day=day)))
    return days


def _clinicians(db: Session) -> list[User]:
    """Everyone who can be put on duty from the page: active clinicians, by name."""
    found = db.scalars(select(User).where(User.role == Role.clinician, User.active.is_(True)))
    return sorted(found, key=lambda u: u.name.casefold())


def _page(request: Request, db: Session, user: User, start: date, *, errors: dict[str, str] | None = None,
          chosen: dict[str, list[int]] | None = None, status_code: int = 200) -> Response:
    days = _days(db, start)
    clinicians = _clinicians(db)
    known = {c.id for c in clinicians}
    for d in days:  # someone put on duty through the API (e.g. a manager) stays listed, so saving keeps them
        clinicians += [u for u in d.on_duty if u.id not in known]
        known |= {u.id for u in d.on_duty}
    weeks = [(monday, [d for d in days if _monday(d.day) == monday])
             for monday in (start + timedelta(days=7 * n) for n in range(WEEKS))]
    today = clock.today_local()
    return render(request, "consultations/duty_rota.html", {
        "weeks": weeks, "today": today, "this_week": _monday(today), "clinicians": clinicians, "editable": user.has_role(Role.manager), "me": user,  # noqa: E501
        "start": start,
        "previous": start - timedelta(days=7), "next": start + timedelta(days=7),
        "errors": errors or {}, "chosen": chosen or {}}, status_code=status_code)


@router.get("/duty-rota")
def duty_rota_page(request: Request, db: SessionDep, user: ClinicianPage, week: str = "") -> Response:
    try:
        start = _monday(parse_day(week)) if week else _monday(clock.today_local())
    except ValueError:
        return _message(request, "Week not recognised", "Give the week as a date, for example 2026-11-23.", 400)
    return _page(request, db, user, start)


@router.post("/duty-rota/{day}", dependencies=[Depends(verify_csrf)])
def set_duty_page(day: str, request: Request, db: SessionDep, user: ManagerPage, form: FormDep) -> Response:
    try:
        when = parse_day(day)
    except ValueError:
        return _message(request, "Day not recognised", "That is not a day on the duty rota.", 404)
    raw = [v for v in form.getlist("clinicians") if isinstance(v, str)]
    start = _monday(when)
    try:
        week = _monday(parse_day(str(form.get("week", ""))))
    except ValueError:
        week = start
    key = f"day-{when.isoformat()}"
    allowed = {c.id: c for c in _clinicians(db)} | {u.id: u for u in rota.duty_for(db=db, day=when)}
    ids = [i for i in map(parse_id, raw) if i is not None]
    calendar = calendar_for(db)
    error = None
    if not calendar.is_working_day(when):
        error = f"{when:%A %-d %B} is not a working day, so nobody can be on duty."
    elif when < clock.today_local():
        error = f"{when:%A %-d %B} has passed: the rota for past days cannot be changed."
    elif len(ids) != len(raw) or any(i not in allowed for i in ids):
        error = "Choose clinicians from the list: one of those ticked cannot be on triage duty."
    if error:
        return _page(request, db, user, week, errors={key: error}, chosen={key: ids}, status_code=422)
    current = [u.id for u in rota.duty_for(db=db, day=when)]
    # Rota order breaks ties between equally loaded clinicians: keep it for those staying on.
    order = [i for i in current if i in ids] + [i for i in dict.fromkeys(ids) if i not in current]
    people = rota.set_duty(db=db, day=when, clinicians=[allowed[i] for i in order], actor=user)
    names = ", ".join(p.name for p in people)
    if names:
        flash(request, f"Duty rota saved for {when:%A %-d %B}: {names}.")
    else:
        flash(request, f"Duty rota saved for {when:%A %-d %B}: nobody is on duty. New requests will not be "
                       "offered to anyone; every clinician gets the reminders.", "warning")
    return RedirectResponse(f"/duty-rota?week={week.isoformat()}#{key}", status_code=303)
