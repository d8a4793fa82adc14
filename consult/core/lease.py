"""A database lease so that only one `pimh worker` runs the scheduled jobs, however many start.

One conditional UPDATE claims or renews the lease; it is atomic on SQLite and PostgreSQL alike,
so two workers can never both believe they hold it. A worker that dies stops renewing and
another takes over once the lease expires.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from consult import clock
from consult.core.models import WorkerLease


def try_acquire(*, db: Session, name: str, holder: str, ttl: timedelta) -> bool:
    now = clock.now()
    if db.scalar(select(WorkerLease.name).where(WorkerLease.name == name)) is None:
        try:
            with db.begin_nested():
                db.add(WorkerLease(name=name, holder=None, expires_at=None))
        except IntegrityError:
            pass  # another worker created it first; fall through to the conditional update
    result = db.execute(
        update(WorkerLease)
        .where(
            WorkerLease.name == name,
            or_(WorkerLease.holder == holder, WorkerLease.holder.is_(None), WorkerLease.expires_at < now),
        )
        .values(holder=holder, expires_at=now + ttl)
    )
    db.commit()
    changed: int = result.rowcount  # type: ignore[attr-defined]
    return changed == 1


def release(*, db: Session, name: str, holder: str) -> None:
    db.execute(
        update(WorkerLease).where(WorkerLease.name == name, WorkerLease.holder == holder).values(holder=None, expires_at=None)
    )
    db.commit()
