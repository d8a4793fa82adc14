"""Monthly group supervision: groups, membership over time (turnover), sessions generated
from each group's rule, and attendance recorded by the supervisor."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import structlog
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from consult import clock
from consult.auth.models import Role, User
from consult.core.calendar import calendar_for
from consult.core.errors import DomainError, kinds_by_code
from consult.core.transitions import transition
from consult.db import get_or_raise
from consult.privacy.audit import record_event
from consult.profiles import WEEKDAYS, Profile, active_profile
from consult.workforce.models import (
    Attendance,
    GroupMembership,
    SessionStatus,
    SupervisionAttendance,
    SupervisionGroup,
    SupervisionSession,
)
from consult.workforce.rules import monthly_session_days, session_times

log = structlog.get_logger(__name__)


class SupervisionError(DomainError, ValueError):
    """A change the rules refuse; `code` picks the kind of error (not found, conflict, invalid)."""

    def __new__(cls, code: str, message: str, field: str | None = None,
                errors: dict[str, str] | None = None) -> SupervisionError:
        kind = _SUPERVISION_KINDS.get(code, cls) if cls is SupervisionError else cls
        return cast(SupervisionError, super().__new__(kind, code, message))

    def __init__(self, code: str, message: str, field: str | None = None, errors: dict[str, str] | None = None) -> None:
        DomainError.__init__(self, message, code=code, field=field)
        # Messages by form field, so a page can show each beside its field.
        self.errors = errors or ({field: message} if field else {})

    @property
    def detail(self) -> Any:
        return self.message  # the workforce API has always answered with the sentence alone


_SUPERVISION_KINDS = kinds_by_code(SupervisionError)


# -- groups and membership ---------------------------------------------------------------------
def create_group(
    *, db: Session, name: str, district: str, supervisor: User | None = None, weekday: int | None = None,
    week_of_month: int | None = None, starts: time | None = None, minutes: int | None = None,
    location: str = "", profile: Profile | None = None, actor: User | str | None = None, schedule: bool = False,
) -> SupervisionGroup:
    """A new group meeting by the monthly rule (the profile's unless given). `schedule` adds its sessions
    up to the profile's horizon at once rather than at the worker's next daily run."""
    profile = profile or active_profile()
    rule, hours = profile.supervision, profile.office_hours
    name = name.strip()
    weekday = WEEKDAYS.index(rule.session_weekday) if weekday is None else weekday
    week_of_month, minutes = week_of_month or rule.session_week_of_month, minutes or rule.session_minutes
    starts = rule.session_starts if starts is None else starts
    day = date(2000, 1, 3)  # any day: only the times are compared
    ends = datetime.combine(day, starts) + timedelta(minutes=minutes if 30 <= minutes <= 240 else 0)
    # Every problem at once, each for its field; the rule is checked here as well as by the table's
    # constraints so a bad one is a message, not a 500.
    problems = {
        "name": "Enter the group's name." if not name else
                "The group's name must be 120 characters or fewer." if len(name) > 120 else
                _name_taken(name) if _name_exists(db, name) else None,
        "district": None if district in profile.districts else "Choose the group's district." if not district else
                    f"{district} is not one of {profile.area_name}'s districts.",
        "supervisor_id": _supervisor_problem(supervisor),
        "weekday": None if weekday in profile.working_weekdays else "Groups meet on a day the service is open.",
        "week_of_month": None if 1 <= week_of_month <= 4 else "Choose the first, second, third or fourth week of the month.",
        "minutes": None if 30 <= minutes <= 240 else "A session lasts from 30 to 240 minutes.",
        "starts": None if hours.opens <= starts and ends <= datetime.combine(day, hours.closes) else
                  f"Sessions start and end within office hours ({hours.opens:%H:%M} to {hours.closes:%H:%M}).",
    }
    problems = {field: message for field, message in problems.items() if message}
    if problems:
        raise SupervisionError("invalid", " ".join(problems.values()), errors=problems)  # type: ignore[arg-type]
    group = SupervisionGroup(
        name=name, district=district, supervisor_id=supervisor.id if supervisor else None, weekday=weekday,
        week_of_month=week_of_month, starts=starts, minutes=minutes,
        location=location.strip()[:200], active=True,
    )
    try:
        with db.begin_nested():
            db.add(group)
    except IntegrityError:  # another request took the name between our check and this insert
        raise SupervisionError("invalid", _name_taken(name), "name") from None
    record_event(db=db, actor=actor, action="create", record=f"supervision-group:{group.id}")
    if schedule:
        today = clock.today_local()
        generate_sessions(db=db, group=group, start=today, end=today + timedelta(days=31 * rule.schedule_months_ahead),
                          profile=profile)
    log.info("supervision_group_created", group_id=group.id)
    return group


# Who may lead a group: PIMHS clinicians, and managers (often clinicians too); not system administrators.
SUPERVISOR_ROLES = (Role.clinician, Role.manager)


def _name_exists(db: Session, name: str) -> bool:
    return db.scalar(select(SupervisionGroup.id).where(func.lower(SupervisionGroup.name) == name.lower())) is not None


def _name_taken(name: str) -> str:
    return f"There is already a group called {name}; choose another name."


def _supervisor_problem(supervisor: User | None) -> str | None:
    if supervisor is not None and not (supervisor.active and supervisor.role in SUPERVISOR_ROLES):
        return "The supervisor must be a PIMHS clinician."
    return None


def find_supervisor(*, db: Session, user_id: int | None) -> User | None:
    """The clinician with that id, for forms and the API; None stands for "to be confirmed"."""
    if user_id is None:
        return None
    user = db.get(User, user_id)
    if user is None or not (user.active and user.role in SUPERVISOR_ROLES):
        raise SupervisionError("invalid", "There is no PIMHS clinician with that id.", "supervisor_id")
    return user


def set_supervisor(
    *, db: Session, group: SupervisionGroup, supervisor: User | None, actor: User | str | None,
) -> SupervisionGroup:
    """Chooses or changes who leads the group (None: to be confirmed). Sessions not yet started move to
    the new supervisor; those already held keep who led them."""
    if problem := _supervisor_problem(supervisor):
        raise SupervisionError("invalid", problem, "supervisor_id")
    new_id = supervisor.id if supervisor else None
    if group.supervisor_id == new_id:
        return group
    group.supervisor_id = new_id
    for session in db.scalars(select(SupervisionSession).where(
            SupervisionSession.group_id == group.id, SupervisionSession.status == SessionStatus.scheduled,
            SupervisionSession.starts_at > clock.now())):
        session.supervisor_id = new_id
    db.flush()
    db.expire(group, ["supervisor"])
    record_event(db=db, actor=actor, action="update", record=f"supervision-group:{group.id}",
                 detail=f"supervisor user:{new_id}" if new_id else "supervisor to be confirmed")
    log.info("supervision_supervisor_set", group_id=group.id, supervisor_id=new_id)
    return group


def get_group(*, db: Session, group_id: int) -> SupervisionGroup:
    return get_or_raise(db, SupervisionGroup, SupervisionError("not_found", "No such supervision group."), id=group_id)


def _current(on: date) -> ColumnElement[bool]:
    return and_(GroupMembership.joined_on <= on, or_(GroupMembership.left_on.is_(None), GroupMembership.left_on > on))


def members_on(*, db: Session, group_id: int, on: date) -> list[GroupMembership]:
    return list(db.scalars(select(GroupMembership).where(GroupMembership.group_id == group_id, _current(on))
                           .order_by(GroupMembership.joined_on, GroupMembership.id)).all())


def add_member(
    *, db: Session, group: SupervisionGroup, user: User, member_role: str, joined_on: date | None = None,
    profile: Profile | None = None, actor: User | str | None = None,
) -> GroupMembership:
    profile = profile or active_profile()
    joined_on = joined_on or clock.today_local()
    if member_role not in profile.supervision.member_roles:
        raise SupervisionError("invalid", "That role is not one the supervision offer covers.")
    if current_membership(db=db, user=user) is not None:
        raise SupervisionError("duplicate", f"{user.name} is already in a supervision group; record them leaving it first.")
    if len(members_on(db=db, group_id=group.id, on=joined_on)) >= profile.supervision.members_per_group:
        raise SupervisionError("full", f"{group.name} already has {profile.supervision.members_per_group} members.")
    membership = GroupMembership(group_id=group.id, user_id=user.id, member_role=member_role, joined_on=joined_on)
    db.add(membership)
    db.flush()
    # Members are named by account id, and no date (redact() would blank it as a possible birth date).
    record_event(db=db, actor=actor, action="update", record=f"supervision-group:{group.id}",
                 detail=f"member user:{user.id} joined")
    log.info("supervision_member_joined", group_id=group.id, user_id=user.id)
    return membership


def remove_member(
    *, db: Session, membership_id: int, left_on: date | None = None, reason: str = "", actor: User | str | None = None,
) -> GroupMembership:
    membership = db.get(GroupMembership, membership_id)
    if membership is None or membership.left_on is not None:
        raise SupervisionError("not_found", "No current membership to end.")
    left_on = left_on or clock.today_local()
    if left_on < membership.joined_on:
        raise SupervisionError("invalid", "Someone cannot leave before they joined.")
    membership.left_on, membership.leaving_reason = left_on, reason.strip()[:200] or None
    db.flush()
    # Not the reason: it is free text.
    record_event(db=db, actor=actor, action="update", record=f"supervision-group:{membership.group_id}",
                 detail=f"member user:{membership.user_id} left")
    log.info("supervision_member_left", group_id=membership.group_id, user_id=membership.user_id)
    return membership


def current_membership(*, db: Session, user: User) -> GroupMembership | None:
    return db.scalar(select(GroupMembership).where(GroupMembership.user_id == user.id, GroupMembership.left_on.is_(None)))


# -- sessions ----------------------------------------------------------------------------------
def generate_sessions(*, db: Session, group: SupervisionGroup, start: date, end: date, profile: Profile | None = None) -> int:
    """Adds the group's sessions in [start, end) that are not there yet; returns how many. Idempotent."""
    profile = profile or active_profile()
    calendar = calendar_for(db, profile)
    zone = ZoneInfo(profile.timezone)
    have = {s.starts_at.astimezone(zone).date() for s in db.scalars(select(SupervisionSession).where(
        SupervisionSession.group_id == group.id)).all()}
    added = 0
    for day in monthly_session_days(start=start, end=end, weekday=group.weekday, week_of_month=group.week_of_month,
                                    is_open=calendar.is_working_day):
        if day in have:
            continue
        begin, finish = session_times(day, group.starts, group.minutes, zone)
        db.add(SupervisionSession(group_id=group.id, starts_at=begin, ends_at=finish, supervisor_id=group.supervisor_id,
                                  status=SessionStatus.scheduled))
        added += 1
    db.flush()
    return added


def schedule_ahead(*, db: Session, profile: Profile | None = None) -> int:
    """Every active group's sessions from today to the profile's horizon (the worker runs this daily)."""
    profile = profile or active_profile()
    today = clock.today_local()
    end = today + timedelta(days=31 * profile.supervision.schedule_months_ahead)
    groups = db.scalars(select(SupervisionGroup).where(SupervisionGroup.active.is_(True))).all()
    return sum(generate_sessions(db=db, group=g, start=today, end=end, profile=profile) for g in groups)


def get_session(*, db: Session, session_id: int) -> SupervisionSession:
    missing = SupervisionError("not_found", "No such supervision session.")
    return get_or_raise(db, SupervisionSession, missing, id=session_id)


def record_attendance(
    *, db: Session, session: SupervisionSession, user_id: int, status: Attendance, actor: User, profile: Profile | None = None,
) -> SupervisionAttendance:
    profile = profile or active_profile()
    if session.status == SessionStatus.cancelled:
        raise SupervisionError("invalid", "That session was cancelled.")
    if session.starts_at > clock.now():
        raise SupervisionError("invalid", "Attendance can be recorded once the session has started.")
    on = session.starts_at.astimezone(ZoneInfo(profile.timezone)).date()
    if user_id not in {m.user_id for m in members_on(db=db, group_id=session.group_id, on=on)}:
        raise SupervisionError("invalid", "That practitioner was not in the group on the day.")
    # First the session's state, conditionally: a cancellation at the same moment wins or loses, never both.
    if not transition(db, session, (SessionStatus.scheduled, SessionStatus.held), SessionStatus.held):
        raise SupervisionError("closed", "That session was cancelled at the same moment.")
    row = db.scalar(select(SupervisionAttendance).where(
        SupervisionAttendance.session_id == session.id, SupervisionAttendance.user_id == user_id))
    if row is None:
        row = SupervisionAttendance(session_id=session.id, user_id=user_id, status=status)
        db.add(row)
    row.status, row.recorded_by_id, row.recorded_at = status, actor.id, clock.now()
    db.flush()
    record_event(db=db, actor=actor, action="update", record=f"supervision-group:{session.group_id}",
                 detail=f"session {session.id}: user:{user_id} {status.value.replace('_', ' ')}")
    return row


def cancel_session(*, db: Session, session: SupervisionSession, actor: User | str | None = None) -> SupervisionSession:
    if session.attendance:
        raise SupervisionError("invalid", "Attendance is already recorded for that session.")
    if session.status == SessionStatus.cancelled:
        return session  # cancelling twice changes nothing
    # Only a session nobody has recorded attendance for (recording sets it 'held' first).
    if not transition(db, session, (SessionStatus.scheduled,), SessionStatus.cancelled):
        raise SupervisionError("closed", "Attendance was recorded for that session at the same moment, so it stays.")
    db.flush()
    record_event(db=db, actor=actor, action="update", record=f"supervision-group:{session.group_id}",
                 detail=f"session {session.id} cancelled")
    return session


def next_session(*, db: Session, group_id: int) -> SupervisionSession | None:
    return db.scalar(select(SupervisionSession).where(
        SupervisionSession.group_id == group_id, SupervisionSession.status == SessionStatus.scheduled,
        SupervisionSession.starts_at >= clock.now()).order_by(SupervisionSession.starts_at).limit(1))


def group_summaries(*, db: Session) -> list[dict[str, Any]]:
    """Each group with today's member count and its next session, in three queries whatever the number of groups."""
    today, now = clock.today_local(), clock.now()
    members = dict(db.execute(select(GroupMembership.group_id, func.count()).where(_current(today))
                              .group_by(GroupMembership.group_id)).all())
    upcoming = dict(db.execute(select(SupervisionSession.group_id, func.min(SupervisionSession.starts_at)).where(
        SupervisionSession.status == SessionStatus.scheduled, SupervisionSession.starts_at >= now,
    ).group_by(SupervisionSession.group_id)).all())
    groups = db.scalars(select(SupervisionGroup).options(joinedload(SupervisionGroup.supervisor))
                        .where(SupervisionGroup.active.is_(True)).order_by(SupervisionGroup.district, SupervisionGroup.name)).all()
    return [{"id": g.id, "name": g.name, "district": g.district, "members": members.get(g.id, 0),
             "next_session": _aware(upcoming.get(g.id)),
             "supervisor": g.supervisor.name if g.supervisor else None} for g in groups]


def _aware(value: datetime | None) -> datetime | None:
    # func.min() bypasses the column type on SQLite, so a naive UTC value can come back.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))


def attendance_history(*, db: Session, user: User, since: datetime | None = None) -> list[tuple[SupervisionSession, Attendance]]:
    query = (select(SupervisionSession, SupervisionAttendance.status)
             .join(SupervisionAttendance, SupervisionAttendance.session_id == SupervisionSession.id)
             .where(SupervisionAttendance.user_id == user.id).order_by(SupervisionSession.starts_at.desc()))
    if since is not None:
        query = query.where(SupervisionSession.starts_at >= since)
    return [(s, status) for s, status in db.execute(query).all()]
