"""Who is talking: Slack users matched to the service's users on first use.

Name and email come from Slack's users.info; an existing account with that email (a clinician,
say) is linked, otherwise a practitioner account is created. A practitioner's job role,
organisation and district are asked for once, in a modal, and kept on the user.
"""
from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult.auth.models import Role, User
from consult.auth.service import add_user, find_user_by_email

DETAILS = ("job_role", "organisation", "organisation_type", "district")


def user_for_slack(*, db: Session, client: WebClient, slack_user_id: str) -> User:
    user = db.scalar(select(User).where(User.slack_user_id == slack_user_id))
    if user is not None:
        return user
    name, email = _name_and_email(client, slack_user_id)
    try:
        with db.begin_nested():
            user = find_user_by_email(db=db, email=email) if email else None
            if user is None:
                user = add_user(db=db, name=name, email=email, role=Role.practitioner)
            user.slack_user_id = slack_user_id
            db.flush()
    except IntegrityError:
        # A second request from the same person raced us to it; theirs won, use that one.
        user = db.scalar(select(User).where(User.slack_user_id == slack_user_id))
        if user is None:
            raise
    return user


def _name_and_email(client: WebClient, slack_user_id: str) -> tuple[str, str | None]:
    info: dict[str, Any] = client.users_info(user=slack_user_id)["user"]
    profile = info.get("profile") or {}
    name = profile.get("real_name") or info.get("real_name") or profile.get("display_name") or info.get("name") or slack_user_id
    return str(name)[:200], (profile.get("email") or None)


def needs_details(user: User) -> bool:
    """Practitioners are asked once for what consultations and bookings record about them."""
    return user.role == Role.practitioner and not all(getattr(user, f) for f in DETAILS)


def save_details(*, db: Session, user: User, details: dict[str, str]) -> User:
    for field in DETAILS:
        value = (details.get(field) or "").strip()
        if value:
            setattr(user, field, value[:200])
    db.flush()
    return user


def is_clinician(user: User) -> bool:
    return user.has_role(Role.clinician)
