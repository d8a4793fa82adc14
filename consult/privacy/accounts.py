"""Subject access and erasure for people with an account (practitioners and staff)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import ApiToken, User, WebSession
from consult.auth.sessions import end_all_for
from consult.contract import SubjectSource
from consult.privacy.audit import AuditEvent
from consult.privacy.subject_access import Subject


def _user(db: Session, subject: Subject) -> User | None:
    if not subject.email:
        return None
    return db.scalar(select(User).where(User.email == subject.email))


def export_account(db: Session, subject: Subject) -> dict[str, Any] | None:
    user = _user(db, subject)
    if user is None:
        return None
    tokens = db.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    activity = db.scalars(select(AuditEvent).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.at))
    return {
        "account": {
            "name": user.name, "email": user.email, "role": user.role.value, "job_role": user.job_role,
            "organisation": user.organisation, "organisation_type": user.organisation_type,
            "district": user.district, "slack_user_id": user.slack_user_id, "active": user.active,
            "created_at": user.created_at.isoformat(),
        },
        "api_tokens": [
            {"label": t.label, "created_at": t.created_at.isoformat(),
             "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
             "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None}
            for t in tokens
        ],
        "web_sessions": [
            {"created_at": s.created_at.isoformat(), "expires_at": s.expires_at.isoformat(),
             "revoked_at": s.revoked_at.isoformat() if s.revoked_at else None}
            for s in db.scalars(select(WebSession).where(WebSession.user_id == user.id).order_by(WebSession.id))
        ],
        "activity": [{"at": e.at.isoformat(), "action": e.action, "record": e.record} for e in activity],
    }


# What an erased person is called wherever their name stood (accounts, timelines).
ERASED_NAME = "Erased user {}"


def erase_account(db: Session, subject: Subject) -> int:
    """Anonymise the account; keep its id, job role, organisation type and district, which
    the anonymous statistics count, and the audit trail, which is kept for accountability."""
    user = _user(db, subject)
    if user is None:
        return 0
    user.name = ERASED_NAME.format(user.id)
    user.email = None
    user.password_hash = None
    user.slack_user_id = None
    user.organisation = None
    user.active = False
    db.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=clock.now()))
    end_all_for(db=db, user_id=user.id)  # a browser still signed in as them is signed out
    db.flush()
    return 1


SOURCE = SubjectSource("accounts", export=export_account, erase=erase_account)
