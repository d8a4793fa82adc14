"""`pimh seed-demo` for consultations: the duty rota and an 18-month history for the dashboard.

Fast by design (100,000 requests in seconds): rows are plain dicts written in batches by COPY
(PostgreSQL) or executemany (SQLite); working-time arithmetic uses precomputed openings instead
of walking the calendar per row; each demo summary and advice text is encrypted once and reused.
"""
from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Callable
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import Date, Table, func, insert, select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import Role, User
from consult.consultations import demo_data as data
from consult.consultations.models import (
    Consultation,
    ConsultationConcern,
    ConsultationEvent,
    ConsultationFeedback,
    DutyRota,
    ReferenceCounter,
)
from consult.consultations.rules import derive_cluster
from consult.core.calendar import calendar_for
from consult.db import UTCDateTime
from consult.privacy.crypto import encrypt
from consult.profiles import active_profile
from consult.workdays import WorkingCalendar

DEFAULT_HISTORY = 400
OPEN_NOW = 9  # open requests from the last few days, so the clinicians' queue has work
HISTORY_DAYS = 548  # about 18 months
BATCH = 5000
DEMO_DOMAIN = "practitioners.demo.nhs.net"


class FastWorkingClock:
    """Working-time addition over a fixed span of days, equal to WorkingCalendar.add_working_time
    (tested against it) but O(1) per call: each working day's opening instant is computed once,
    and office hours never straddle a clock change, so opening + minutes is exact."""

    def __init__(self, calendar: WorkingCalendar, start: date, end: date) -> None:
        self.days = [start + timedelta(n) for n in range((end - start).days + 1)
                     if calendar.is_working_day(start + timedelta(n))]
        self.index = {d: i for i, d in enumerate(self.days)}
        self.opening = [calendar.opening(d) for d in self.days]
        self.open_minutes = calendar.opens.hour * 60 + calendar.opens.minute
        self.day_minutes = int(calendar.day_length.total_seconds() // 60)
        self._minutes = [timedelta(minutes=m) for m in range(self.day_minutes + 1)]

    def start_of(self, local: datetime) -> tuple[int, int]:
        """(working-day index, minutes since opening) where the clock starts for a London time."""
        i = bisect_left(self.days, local.date())
        if i < len(self.days) and self.days[i] == local.date():
            offset = min(max(local.hour * 60 + local.minute - self.open_minutes, 0), self.day_minutes)
            if offset < self.day_minutes:
                return i, offset
            i += 1
        return i, 0

    def add_at(self, i: int, offset: int, minutes: int) -> datetime:
        days, rest = divmod(offset + minutes, self.day_minutes)
        if rest == 0 and days > 0:  # runs out exactly at a closing time: stay on that day
            return self.opening[i + days - 1] + self._minutes[self.day_minutes]
        return self.opening[i + days] + self._minutes[rest]

    def add(self, local: datetime, minutes: int) -> datetime:
        """`minutes` of working time after a whole-minute London time inside the span; UTC."""
        return self.add_at(*self.start_of(local), minutes)


class BulkWriter:
    """Writes plain row dicts straight to the driver, bypassing per-value type processing: COPY on
    PostgreSQL, executemany on SQLite. Values must already be in the driver's form: ciphertext for
    encrypted columns (made once per demo text) and, on SQLite, instants as naive-UTC text in
    SQLAlchemy's own storage format so the ORM reads them back unchanged."""

    def __init__(self, db: Session, table: Table) -> None:
        self.raw = db.connection().connection  # the session's own DBAPI connection and transaction
        self.dialect = db.get_bind().dialect.name
        self.table = table.name
        self.all_columns = [c.name for c in table.columns]
        self.instants = [c.name for c in table.columns if isinstance(c.type, UTCDateTime)]
        self.days = [c.name for c in table.columns if isinstance(c.type, Date)]

    def _sqlite_form(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            for name in self.instants:
                value = row[name]
                if value is not None:
                    row[name] = value.isoformat(" ", "microseconds")[:26]
            for name in self.days:
                row[name] = row[name].isoformat()

    def write(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        # Columns the rows carry (autoincrement ids are left to the database).
        columns = [c for c in self.all_columns if c in rows[0]]
        pick = itemgetter(*columns)
        names = ", ".join(f'"{c}"' for c in columns)
        cursor = self.raw.cursor()
        try:
            if self.dialect == "postgresql":
                with cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(pick(row))
            else:
                self._sqlite_form(rows)
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(f'INSERT INTO "{self.table}" ({names}) VALUES ({marks})', map(pick, rows))  # type: ignore[arg-type]
        finally:
            cursor.close()


def seed_rota(db: Session, *, days_back: int = 14, days_ahead: int = 28) -> int:
    clinicians = list(db.scalars(select(User).where(User.role == Role.clinician, User.active.is_(True)).order_by(User.id)))
    if not clinicians:
        return 0
    calendar = calendar_for(db)
    today = clock.today_local()
    have = set(db.scalars(select(DutyRota.day).where(DutyRota.day >= today - timedelta(days_back))))
    rows = []
    for n in range(-days_back, days_ahead + 1):
        day = today + timedelta(n)
        if calendar.is_working_day(day) and day not in have:
            pair = {clinicians[day.toordinal() % len(clinicians)].id, clinicians[(day.toordinal() + 1) % len(clinicians)].id}
            rows += [{"day": day, "clinician_id": c} for c in sorted(pair)]
    if rows:
        db.execute(insert(DutyRota), rows)
    return len({r["day"] for r in rows})


def _practitioners(db: Session, rng: random.Random, districts: list[str]) -> list[User]:
    existing = list(db.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))))
    if existing:
        return existing
    roles, weights = data.ROLES, [r[3] for r in data.ROLES]
    rows, seen = [], set()
    for first in data.FIRST_NAMES:
        surname = rng.choice(data.SURNAMES)
        email = f"{first}.{surname}@{DEMO_DOMAIN}".lower()
        if email in seen:
            continue
        seen.add(email)
        job, org, org_type, _ = rng.choices(roles, weights)[0]
        rows.append({"name": f"{first} {surname}", "email": email, "role": Role.practitioner, "job_role": job,
                     "organisation": org, "organisation_type": org_type, "district": rng.choice(districts),
                     "active": True, "failed_sign_ins": 0, "created_at": clock.now()})
    db.execute(insert(User), rows)
    return list(db.scalars(select(User).where(User.email.like(f"%@{DEMO_DOMAIN}"))))


def seed(db: Session, options: Any) -> str:
    rota_days = seed_rota(db)
    wanted = options.consultations
    if wanted is None:
        already = db.scalar(select(func.count()).select_from(Consultation))
        wanted = 0 if already else DEFAULT_HISTORY
    made = seed_history(db, count=wanted, progress=options.progress) if wanted else 0
    if wanted and options.consultations is None:
        made += seed_history(db, count=OPEN_NOW, recent=True)
    return f"consultations: duty rota for {rota_days} more days; {made} consultations of history added"


def seed_history(db: Session, *, count: int, progress: Callable[[str, int, int], None] | None = None,
                 rng_seed: int = 2026, checked: bool = False, recent: bool = False) -> int:
    from consult.consultations.demo_rows import HistoryBuilder

    profile = active_profile()
    rng = random.Random(rng_seed + count)
    districts = list(profile.districts)
    practitioners = _practitioners(db, rng, districts)
    clinicians = list(db.scalars(select(User).where(User.role == Role.clinician).order_by(User.id)))
    if not clinicians:
        raise RuntimeError("seed the demo team before the consultation history")
    today = clock.today_local()
    fast = FastWorkingClock(calendar_for(db, profile), today - timedelta(HISTORY_DAYS + 2), today + timedelta(60))
    builder = HistoryBuilder(
        rng=rng, fast=fast, profile=profile, practitioners=practitioners, clinicians=clinicians,
        summaries=[(encrypt(text), concerns) for text, concerns in data.SUMMARIES],
        advice=[encrypt(text) for text in data.ADVICE], phone=encrypt("01632 960 000"),  # Ofcom drama range
        derive_cluster=derive_cluster, start_id=(db.scalar(select(func.max(Consultation.id))) or 0) + 1,
        counters={(c.prefix, c.year): c.last for c in db.scalars(select(ReferenceCounter))}, recent=recent,
    )
    writers = {name: BulkWriter(db, model.__table__) for name, model in (  # type: ignore[arg-type]
        ("consultations", Consultation), ("concerns", ConsultationConcern), ("events", ConsultationEvent),
        ("feedback", ConsultationFeedback))}
    sqlite = db.get_bind().dialect.name == "sqlite"
    if sqlite:
        # A big page cache keeps index pages in memory instead of spilling them mid-transaction.
        db.connection().exec_driver_sql("PRAGMA cache_size = -262144")
    if sqlite and not checked:
        # Rows built here satisfy the CHECK constraints by construction (a test seeds with them on).
        db.connection().exec_driver_sql("PRAGMA ignore_check_constraints = ON")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        batch = builder.build(size, done, count)
        for name, writer in writers.items():
            writer.write(batch[name])
        done += size
        if progress:
            progress("consultation history", done, count)
    if sqlite and not checked:
        db.connection().exec_driver_sql("PRAGMA ignore_check_constraints = OFF")
    _save_counters(db, builder.counters)
    if db.get_bind().dialect.name == "postgresql":  # explicit ids: move the sequence past them
        db.execute(select(func.setval(func.pg_get_serial_sequence("consultations", "id"),
                                      func.max(Consultation.id))))
    return count


def _save_counters(db: Session, counters: dict[tuple[str, int], int]) -> None:
    for (prefix, year), last in counters.items():
        row = db.get(ReferenceCounter, (prefix, year))
        if row is None:
            db.add(ReferenceCounter(prefix=prefix, year=year, last=last))
        else:
            row.last = max(row.last, last)
    db.flush()
