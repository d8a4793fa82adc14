"""The FAQ's question log: the row each question leaves (faq.models.FaqQuestion), written straight
on the driver (consult.db.DriverStatement), for this is the service's busiest write (issue 23).

    write(db, row) -> int                                  in the session's transaction: the row's id
    write_if_current(db, row, version) -> int | None       only while the entries are at `version`
    write_if_current_alone(row, version) -> int | None     the same on a pooled connection of its own
    await write_if_current_soon(row, version, offload=...) the same from an event loop, without a thread
                                                           where it can (consult.db_now), else offloaded

`version` is the entries' (count, sum of revisions) an index was built from (faq.service).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import and_, bindparam, func, insert, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from consult import db_now
from consult.db import DriverStatement, get_engine
from faq.models import FaqEntry, FaqQuestion

_LOGGED = ("asked_at", "channel", "answered", "reason", "risk", "score", "entry_id", "not_helpful", "text_redacted")
_ROW = {name: bindparam(name, type_=FaqQuestion.__table__.c[name].type) for name in _LOGGED}
# Each as a pair: with RETURNING, and plain for SQLite's autocommit path (the id is the cursor's lastrowid).
_LOG = (DriverStatement(insert(FaqQuestion).values(_ROW).returning(FaqQuestion.id)),
        DriverStatement(insert(FaqQuestion).values(_ROW)))
# The same row, inserted only while the entries are as a draft's index saw them (write_if_current).
_IF_CURRENT_PLAIN = insert(FaqQuestion).from_select(
    _LOGGED,
    select(*_ROW.values()).where(
        select(and_(func.count(FaqEntry.id) == bindparam("entry_count"),
                    func.coalesce(func.sum(FaqEntry.revision), 0) == bindparam("revisions"))).scalar_subquery(),
    ),
)
_IF_CURRENT = (DriverStatement(_IF_CURRENT_PLAIN.returning(FaqQuestion.id)), DriverStatement(_IF_CURRENT_PLAIN))


def write(db: Session, row: dict[str, Any]) -> int:
    """The question's row, in the session's transaction (see _insert_on for SQLite's exception): its id."""
    question_id = _in_session(db, _LOG, row)
    if question_id is None:  # an unconditional INSERT inserts its row or raises
        raise RuntimeError("the question's row was not inserted")
    return question_id


def write_if_current(db: Session, row: dict[str, Any], version: tuple[object, object]) -> int | None:
    """The row, if the entries' count and revisions are still `version`; else None, with nothing written."""
    return _in_session(db, _IF_CURRENT, _with_version(row, version))


def _with_version(row: dict[str, Any], version: tuple[object, object]) -> dict[str, Any]:
    return {**row, "entry_count": version[0], "revisions": version[1]}


def _in_session(db: Session, statements: tuple[DriverStatement, DriverStatement], values: dict[str, Any]) -> int | None:
    connection = db.connection()
    return _insert_on(connection.connection.dbapi_connection, connection.dialect, statements, values)


def write_if_current_alone(row: dict[str, Any], version: tuple[object, object]) -> int | None:
    """write_if_current on a pooled connection of its own, committed, with no ORM session: a
    Session's set-up and end cost as much as the insert itself (issue 23)."""
    engine = get_engine()
    pooled = engine.raw_connection()
    try:
        raw = pooled.dbapi_connection
        question_id = _insert_on(raw, engine.dialect, _IF_CURRENT, _with_version(row, version))
        raw.commit()  # type: ignore[union-attr]  # PostgreSQL's transaction; SQLite's insert committed itself
        return question_id
    except DBAPIError as exc:
        if exc.orig is not None and engine.dialect.is_disconnect(exc.orig, raw, None):  # type: ignore[arg-type]
            pooled.invalidate(exc.orig)  # a dropped connection is not pooled again
        raise
    finally:
        pooled.close()  # back to the pool, rolled back if anything was left open


async def write_if_current_soon(row: dict[str, Any], version: tuple[object, object], *,
                                offload: Callable[..., Awaitable[Any]]) -> int | None:
    """write_if_current_alone for a caller on an event loop, without a worker thread where it can
    (consult.db_now: the trip to one cost more than the insert, issue 23): on SQLite on the loop's own
    thread when the write lock is free at once, on PostgreSQL awaited on an asynchronous connection;
    otherwise handed to `offload` (how the caller runs a blocking call in a worker thread)."""
    values = _with_version(row, version)
    done = db_now.write_now(lambda raw, dialect: _insert_on(raw, dialect, _IF_CURRENT, values))
    if done is not db_now.LATER:
        return done
    found = await db_now.fetch_one_soon(_IF_CURRENT[0], values)
    if found is not db_now.LATER:
        return None if found is None else int(found[0])
    question_id: int | None = await offload(write_if_current_alone, row, version)
    return question_id


def _insert_on(raw: Any, dialect: Any, statements: tuple[DriverStatement, DriverStatement],
               values: dict[str, Any]) -> int | None:
    """The row, in `raw`'s transaction; except on SQLite, when it has written nothing yet: then the
    row is committed by the INSERT itself (autocommit for that one statement): SQLite
    has one writer at a time, and a transaction that held its write lock from this INSERT to the end of
    the request (the page's rendering included) kept every other worker's question waiting in
    SQLite's sleeping retry loop (issue 23). A question is logged once asked, whatever follows."""
    returning, plain = statements
    if dialect.name != "sqlite" or raw.in_transaction:
        cursor = returning.execute(raw, dialect, values)
        row = cursor.fetchone()
        cursor.close()
        return None if row is None else int(row[0])
    level = raw.isolation_level
    raw.isolation_level = None
    try:
        # Without RETURNING: a plain INSERT takes SQLite's write lock and commits inside one C call,
        # with the interpreter's lock released; an INSERT ... RETURNING keeps the write lock until
        # its row is fetched, and under load the thread first waits for the interpreter's lock while
        # every other writer sleeps in SQLite's busy handler (issue 23).
        cursor = plain.execute(raw, dialect, values)
        inserted = cursor.lastrowid if cursor.rowcount == 1 else None
        cursor.close()
        return inserted
    finally:
        raw.isolation_level = level
