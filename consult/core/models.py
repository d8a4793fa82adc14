from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime


class Closure(Base):
    """A day the whole service is closed beyond bank holidays (training days, for example)."""

    __tablename__ = "closures"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class WorkerLease(Base):
    """Which worker process may run the scheduled jobs; renewed by heartbeat, taken over on expiry."""

    __tablename__ = "worker_leases"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(120))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
