"""Server-side web sessions: sign-in starts one, sign-out ends it, and a cookie counts only
while its row stands (not revoked, not expired).

The session cookie (Starlette's, signed) carries the random key under "sid"; the database keeps
its SHA-256. Copying the cookie is therefore no longer enough once its owner has signed out.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import WebSession

LIFETIME = timedelta(hours=8)  # the cookie's max_age too (consult/app.py)
SESSION_KEY = "sid"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start(*, db: Session, user_id: int, session_data: dict[str, Any]) -> None:
    """A new session for `user_id`, written into `session_data` (the cookie's contents), which
    is cleared first: nothing from before sign-in carries over (no session fixation)."""
    key = secrets.token_urlsafe(32)
    now = clock.now()
    db.add(WebSession(user_id=user_id, key_hash=_hash(key), created_at=now, expires_at=now + LIFETIME))
    db.flush()
    session_data.clear()
    session_data[SESSION_KEY] = key


def user_id_for(*, db: Session, session_data: Mapping[str, Any]) -> int | None:
    """The signed-in account's id, or None when the cookie has no session that still stands."""
    key = session_data.get(SESSION_KEY)
    if not isinstance(key, str) or not key:
        return None
    return db.scalar(select(WebSession.user_id).where(
        WebSession.key_hash == _hash(key), WebSession.revoked_at.is_(None), WebSession.expires_at > clock.now()))


def end(*, db: Session, session_data: dict[str, Any]) -> None:
    """Sign out: the session's row is revoked (so every copy of the cookie stops working) and the
    cookie emptied."""
    key = session_data.get(SESSION_KEY)
    if isinstance(key, str) and key:
        db.execute(update(WebSession).where(WebSession.key_hash == _hash(key), WebSession.revoked_at.is_(None))
                   .values(revoked_at=clock.now()))
    session_data.clear()


def end_all_for(*, db: Session, user_id: int) -> int:
    """Every session of one account ends (erasure, deactivation); returns how many were open."""
    result = db.execute(update(WebSession).where(WebSession.user_id == user_id, WebSession.revoked_at.is_(None))
                        .values(revoked_at=clock.now()))
    return result.rowcount or 0  # type: ignore[attr-defined]


def purge_ended(*, db: Session, before: datetime) -> int:
    """Rows of sessions that ended (expired or revoked) before `before`: nothing needs them."""
    result = db.execute(delete(WebSession).where(or_(WebSession.expires_at < before, WebSession.revoked_at < before)))
    return result.rowcount or 0  # type: ignore[attr-defined]
