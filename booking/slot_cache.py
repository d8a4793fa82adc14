"""Free slots are worked out from the rota once, then kept until the rota or a booking changes.

Working out every slot of the horizon (rules, exceptions, closures, wall-clock steps) cost more than
the rest of a slots request. Each web process keeps what it worked out, keyed by two counters in one
database row (`booking_slot_versions`): `availability` goes up whenever rota rules, exceptions,
closures or a user's name change (kept answers name the clinicians), `bookings` whenever a booking
does. The counters go up in the same transaction as the change (just before it commits, so the row's
lock is held for the shortest time and always taken last), so every process, however many gunicorn
workers there are, sees the new numbers the moment it can see the change, and works the slots out
again. A request reads the row once.

The changes are noticed on the Session, whatever the caller: objects flushed, and UPDATE, DELETE
or INSERT statements (the conditional updates of consult/core/transitions.py included) on the
watched tables. A transaction that has changed them itself does not use or fill the cache: it sees
its own uncommitted rows, which no other transaction may share.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Delete, Engine, Insert, TextClause, Update, event, inspect, select, text, update
from sqlalchemy.orm import ORMExecuteState, Session

from booking.models import SlotVersion

_T = TypeVar("_T")

AVAILABILITY = "availability"
BOOKINGS = "bookings"
BOTH = "both"  # for what depends on the rota and the bookings alike (the slots API's encoded answer)
WATCHED = {
    "booking_availability_rules": AVAILABILITY,
    "booking_availability_exceptions": AVAILABILITY,
    "closures": AVAILABILITY,
    "booking_bookings": BOOKINGS,
}
# Erasing a clinician deletes their rota rows in the database (ON DELETE CASCADE), unseen here.
WATCHED_DELETES = {**WATCHED, "users": AVAILABILITY}
_TO_BUMP = "slot_versions_to_bump"  # key in Session.info: the counters this transaction must raise
ENTRIES_PER_DATABASE = 64


def _note(session: Session, kind: str | None) -> None:
    if kind:
        session.info.setdefault(_TO_BUMP, set()).add(kind)


def _renamed(obj: Any) -> bool:
    """A user's name changed (an erasure renames them): kept answers name the clinicians."""
    return getattr(obj, "__tablename__", "") == "users" and inspect(obj).attrs.name.history.has_changes()


@event.listens_for(Session, "before_flush")
def _note_flushed_objects(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        _note(session, AVAILABILITY if _renamed(obj) else WATCHED.get(getattr(obj, "__tablename__", "")))
    for obj in session.deleted:
        _note(session, WATCHED_DELETES.get(getattr(obj, "__tablename__", "")))


@event.listens_for(Session, "do_orm_execute")
def _note_statements(state: ORMExecuteState) -> None:
    statement = state.statement
    if isinstance(statement, Update | Insert):
        table = getattr(statement.table, "name", "")
        if table == "users" and isinstance(statement, Update):
            _note(state.session, AVAILABILITY)  # it may rename a clinician (no statement does today)
        _note(state.session, WATCHED.get(table))
    elif isinstance(statement, Delete):
        _note(state.session, WATCHED_DELETES.get(getattr(statement.table, "name", "")))
    elif isinstance(statement, TextClause):  # hand-written SQL: any write that names a watched table
        sql = statement.text.lstrip().lower()
        if not sql.startswith(("select", "pragma", "with")):
            for table, kind in WATCHED_DELETES.items():
                if table in sql:
                    _note(state.session, kind)


@event.listens_for(Session, "before_commit")
def _bump_versions(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # so changes still pending are noted before the counters are raised
    kinds = session.info.pop(_TO_BUMP, None)
    if kinds:
        values = {kind: getattr(SlotVersion, kind) + 1 for kind in sorted(kinds)}
        bump = update(SlotVersion).where(SlotVersion.id == 1).values(values)
        if session.connection().execute(bump).rowcount == 0:
            # The row was removed (a test's TRUNCATE): put it back, racing writers alike, and count.
            session.connection().execute(text(
                "INSERT INTO booking_slot_versions (id, availability, bookings) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING"))
            session.connection().execute(bump)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_TO_BUMP, None)


class _Remembered:
    """A small least-recently-used store, safe across the threadpool's threads."""

    def __init__(self) -> None:
        self.entries: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        return None

    def put(self, key: Hashable, value: Any) -> None:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > ENTRIES_PER_DATABASE:
                self.entries.popitem(last=False)


# Per engine, so a test's fresh database (a new engine) never sees another's slots.
_stores: weakref.WeakKeyDictionary[Engine, _Remembered] = weakref.WeakKeyDictionary()
_stores_lock = threading.Lock()


def _store(db: Session) -> _Remembered:
    engine = db.get_bind()
    assert isinstance(engine, Engine)
    with _stores_lock:
        if engine not in _stores:
            _stores[engine] = _Remembered()
        return _stores[engine]


_READ = "slot_versions_read"  # key in Session.info: (transaction, versions) as first read in it
# Built once: building the statement and its cache key on every request cost more than running it.
_VERSIONS = select(SlotVersion.availability, SlotVersion.bookings).where(SlotVersion.id == 1)


def versions(db: Session) -> tuple[int, int] | None:
    """(availability, bookings) as this transaction sees them; None without the row (no caching).
    Read once per transaction (a page asks for several kept things): a change made since by another
    transaction is as unseen as it would have been had it committed a moment later."""
    read = db.info.get(_READ)
    pending = db.new or db.dirty or db.deleted  # the query below would flush them, noting any change
    if read is not None and read[0] is db.get_transaction() and not pending and not db.info.get(_TO_BUMP):
        seen: tuple[int, int] | None = read[1]
        return seen
    row = db.execute(_VERSIONS).first()
    found = None if row is None else (row[0], row[1])
    db.info[_READ] = (db.get_transaction(), found)
    return found


def remembered(db: Session, kind: str, key: Hashable, compute: Callable[[], _T]) -> _T:
    """`compute()`, or what it gave last time for `key` while the `kind` counter was the same."""
    found = versions(db)  # reading autoflushes, so this transaction's own pending writes are noted first
    if found is None or db.info.get(_TO_BUMP):
        return compute()
    version = found if kind == BOTH else found[0] if kind == AVAILABILITY else found[1]
    store = _store(db)
    full_key = (kind, version, key)
    value: _T | None = store.get(full_key)  # what `compute` gave for this very (kind, version, key)
    if value is None:
        value = compute()
        store.put(full_key, value)
    return value
