"""A small SQLite write on the calling thread, only if it need not wait: for the event loop's one
hot write, the FAQ's question log (faq.question_log.write_if_current_soon).

    write_now(work) -> T | LATER     work(dbapi_connection, dialect), or LATER with nothing run

Why: on SQLite an INSERT is a local C call of some tens of microseconds, but handing it to a worker
thread cost 0.3-0.4 ms of server CPU per question under load, the trip and the interpreter's lock
passing back and forth with the event loop (measured with one worker and wrk; issue 23). On the
loop's own thread it costs only itself.

Never a wait on the loop: the connection's busy timeout is zero, so while another process or
thread holds SQLite's write lock the statement fails at once and LATER is returned; the caller then
hands the write to a worker thread, which waits its turn as every other write does. LATER too when
the database is not SQLite (a PostgreSQL round trip would block the loop) or when another thread
is using this process's connection.

One connection per process (a forked worker opens its own; SQLite connections must not cross a
fork) and per engine (tests swap databases), from the engine itself, so it has the same pragmas,
then taken out of the pool, in autocommit mode: each statement commits itself.
"""
from __future__ import annotations

import enum
import os
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from consult.db import get_engine

_T = TypeVar("_T")


class Later(enum.Enum):
    LATER = "later"


LATER = Later.LATER

_lock = threading.Lock()
# pid -> (the engine it came from, its pool's detached connection, the raw sqlite3 connection).
# A parent's entry is left alone in a forked child: closing it there would close the parent's file.
_held: dict[int, tuple[Engine, Any, sqlite3.Connection]] = {}


def write_now(work: Callable[[Any, Any], _T]) -> _T | Later:
    """work(connection, dialect) on this thread if SQLite's write lock is free at once, else LATER.

    A busy database (SQLITE_BUSY and its extended codes) means LATER with nothing written: in
    autocommit mode a statement that could not start leaves no transaction behind. Any other error
    is raised, and the connection is dropped, so the next write starts on a fresh one."""
    engine = get_engine()
    if engine.dialect.name != "sqlite" or not _lock.acquire(blocking=False):
        return LATER
    try:
        raw = _connection(engine)
        try:
            return work(raw, engine.dialect)
        except (DBAPIError, sqlite3.Error) as exc:
            if _busy(exc.orig if isinstance(exc, DBAPIError) else exc):
                return LATER
            _drop()
            raise
    finally:
        _lock.release()


def _busy(error: BaseException | None) -> bool:
    return isinstance(error, sqlite3.Error) and (getattr(error, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_BUSY


def _connection(engine: Engine) -> sqlite3.Connection:
    held = _held.get(os.getpid())
    if held is not None and held[0] is engine:
        return held[2]
    _drop()
    proxied = engine.raw_connection()
    proxied.detach()  # ours for the process's life, not the pool's to hand to a request
    raw: sqlite3.Connection = proxied.dbapi_connection  # type: ignore[assignment]
    raw.execute("PRAGMA busy_timeout=0")
    raw.isolation_level = None
    _held[os.getpid()] = (engine, proxied, raw)
    return raw


def _drop() -> None:
    held = _held.pop(os.getpid(), None)
    if held is not None:
        held[1].close()


def close() -> None:
    """Close this process's connection (consult.db.dispose_engines, for tests and after forking)."""
    with _lock:
        _drop()
