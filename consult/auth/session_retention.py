"""Rows of web sessions that ended (signed out or expired) go after a month: they hold an
account id and times, kept that long only to answer "was this account signed in then?"."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from consult.auth.sessions import purge_ended
from consult.contract import RetentionPurger

KEEP_ENDED_SESSIONS = timedelta(days=30)


def _purge(db: Session, cutoff: datetime) -> int:
    return purge_ended(db=db, before=cutoff)


PURGER = RetentionPurger("web_sessions", _purge, keep_for=lambda _profile: KEEP_ENDED_SESSIONS)
