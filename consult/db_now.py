"""A database write made from the event loop without a trip to a worker thread: for the loop's one
hot write, the FAQ's question log (faq.question_log.write_if_current_soon).

    write_now(work) -> T | LATER                   SQLite: work(dbapi_connection, dialect) on this thread
    await fetch_one_soon(statement, values)        PostgreSQL: the statement's first row (or None), or LATER
          -> row | None | LATER

Why: handing a small write to a worker thread cost 0.3-0.4 ms of server CPU per question under load
(SQLite), 0.8 ms with PostgreSQL: the trip, and the interpreter's lock passing back and forth with
the event loop (measured with one worker and wrk; issue 23). On the loop's own thread an SQLite
INSERT, a local C call of some tens of microseconds, costs only itself; PostgreSQL's round trip
is awaited on an asynchronous connection, as the loop awaits a socket.

Never a wait on the loop: LATER means nothing was written, and the caller hands the write to a
worker thread, which waits its turn there as every other write does.
- SQLite: the connection's busy timeout is zero, so while another process or thread holds SQLite's
  write lock the statement fails at once. One connection per process and engine, from the engine
  (so with its pragmas), taken out of the pool, in autocommit mode (each statement commits itself).
- PostgreSQL: up to ASYNC_CONNECTIONS connections per process and event loop (psycopg's
  AsyncConnection, in autocommit mode); when all are in use, the next one given back (awaited, as
  the round trip itself is). LATER when the server cannot be reached or the connection breaks (the
  pooled path then reconnects and reports as it always has).

Per process: a forked worker opens its own; a parent's connections are never used or closed in a
child, where closing would end them for the parent too.
"""
from __future__ import annotations

import asyncio
import enum
import os
import sqlite3
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from consult.db import DriverStatement, get_engine

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
    # An in-memory database is one per connection: a connection of our own would be another database.
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:") or not _lock.acquire(blocking=False):
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


# --- PostgreSQL ----------------------------------------------------------------------------------
# Per event loop: an asynchronous connection belongs to the loop it waits on. A few suffice, as each
# statement is one short round trip; beyond them a write awaits the next one given back.
ASYNC_CONNECTIONS = 8


class _AsyncConnections:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.idle: list[Any] = []
        self.count = 0  # idle and in use
        self.waiters: deque[asyncio.Future[Any]] = deque()

    async def take(self) -> Any | None:
        if self.idle:
            return self.idle.pop()
        if self.count >= ASYNC_CONNECTIONS:  # all in use: the next one given back, a round trip away
            waiter: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            try:
                return await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self.give_back(waiter.result())  # handed over just as its caller gave up
                raise
        import psycopg

        self.count += 1
        try:
            url = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            return await psycopg.AsyncConnection.connect(url, autocommit=True)
        except psycopg.Error:
            self.count -= 1
            return None
        except BaseException:  # cancelled while connecting
            self.count -= 1
            raise

    def give_back(self, connection: Any) -> None:
        if connection.closed or connection.broken:
            self.count -= 1
            connection = None
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():  # skip those whose callers gave up
                # A broken connection's place: the waiter's caller goes the pooled way (LATER).
                waiter.set_result(connection)
                return
        if connection is not None:
            self.idle.append(connection)

    def close(self) -> None:
        for connection in self.idle:
            connection.pgconn.finish()  # what AsyncConnection.close() awaits; needs no loop
        self.idle.clear()


_loops: dict[int, weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _AsyncConnections]] = {}


async def fetch_one_soon(statement: DriverStatement, values: dict[str, Any]) -> Any | None | Later:
    """The statement's first row (None if it returns none), run on one of this loop's asynchronous
    PostgreSQL connections and committed; LATER, with nothing run, on SQLite (write_now is its way)
    or when no connection can be had. A driver error is raised as SQLAlchemy's, except a broken
    connection's: LATER, and the connection is dropped.

    A connection that breaks after the server received the statement may have run it: the pooled
    path then runs it again. For the question log that means, at worst, a question logged twice."""
    engine = get_engine()
    if engine.dialect.name != "postgresql":
        return LATER
    connections = _connections_here(engine)
    connection = await connections.take()
    if connection is None:
        return LATER
    try:
        return await statement.fetch_one_async(connection, engine.dialect, values)
    except DBAPIError:
        if connection.closed or connection.broken:
            return LATER
        raise
    finally:
        connections.give_back(connection)


def _connections_here(engine: Engine) -> _AsyncConnections:
    loops = _loops.setdefault(os.getpid(), weakref.WeakKeyDictionary())
    loop = asyncio.get_running_loop()
    found = loops.get(loop)
    if found is None or found.engine is not engine:
        if found is not None:
            found.close()
        found = loops[loop] = _AsyncConnections(engine)
    return found


def close() -> None:
    """Close this process's connections (consult.db.dispose_engines, for tests and after forking)."""
    with _lock:
        _drop()
    for connections in list(_loops.pop(os.getpid(), {}).values()):
        connections.close()
