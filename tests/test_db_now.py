"""consult.db_now.write_now: a small write on the calling thread (the event loop's), only when
SQLite can take it at once; LATER, with nothing written, whenever it would have to wait."""
from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import bindparam, create_engine, func, insert, select, text
from sqlalchemy.exc import IntegrityError

from consult import db_now
from consult.consultations.models import ReferenceCounter
from consult.db import DriverStatement, dispose_engines
from consult.settings import reset_settings_cache
from tests.conftest import POSTGRES_URL, run_on_a_loop_of_its_own

sqlite_only = pytest.mark.skipif(bool(POSTGRES_URL), reason="the loop's own writes are SQLite's")


def _note(raw, _dialect):  # type: ignore[no-untyped-def]
    """Writes a row (committed by the statement itself) and says where it ran and on which connection."""
    raw.execute("INSERT INTO reference_counters (prefix, year, last) VALUES ('NOW', 2026, 1) "
                "ON CONFLICT (prefix, year) DO UPDATE SET last = last + 1")
    return threading.current_thread().name, raw


def _count(db) -> int:  # type: ignore[no-untyped-def]
    db.rollback()  # a fresh read
    return db.execute(text("SELECT coalesce(max(last), 0) FROM reference_counters WHERE prefix = 'NOW'")).scalar_one()


@pytest.fixture
def sqlite_path(database_url) -> str:
    return database_url.removeprefix("sqlite:///")


@sqlite_only
def test_on_sqlite_the_write_runs_on_the_calling_thread_and_commits_itself(db):
    thread, _ = db_now.write_now(_note)
    assert thread == threading.current_thread().name
    assert _count(db) == 1  # seen from another connection: committed


@sqlite_only
def test_its_connection_never_waits_for_the_write_lock(db):
    assert db_now.write_now(lambda raw, _d: raw.execute("PRAGMA busy_timeout").fetchone()[0]) == 0


@sqlite_only
def test_while_another_connection_holds_the_write_lock_it_is_later_with_nothing_written(db, sqlite_path):
    blocker = sqlite3.connect(sqlite_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # SQLite's one write lock, held
    try:
        assert db_now.write_now(_note) is db_now.LATER
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert _count(db) == 0
    db_now.write_now(_note)  # the same connection, free again
    assert _count(db) == 1


@sqlite_only
def test_while_another_thread_is_using_the_connection_it_is_later(db):
    inside, release = threading.Event(), threading.Event()

    def slow(raw, dialect):  # type: ignore[no-untyped-def]
        inside.set()
        release.wait(10)
        return _note(raw, dialect)

    with ThreadPoolExecutor(1) as other:
        first = other.submit(db_now.write_now, slow)
        assert inside.wait(10)
        assert db_now.write_now(_note) is db_now.LATER
        release.set()
        assert first.result(timeout=10) is not db_now.LATER
    assert _count(db) == 1


@sqlite_only
def test_an_error_that_is_not_a_busy_database_is_raised_and_the_next_write_opens_a_fresh_connection(db):
    _, first = db_now.write_now(_note)
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        db_now.write_now(lambda raw, _d: raw.execute("INSERT INTO no_such_table VALUES (1)"))
    _, second = db_now.write_now(_note)
    assert second is not first
    assert _count(db) == 2


@sqlite_only
def test_disposing_the_engines_closes_it(db):
    _, first = db_now.write_now(_note)
    dispose_engines()  # as tests do between databases
    _, second = db_now.write_now(_note)
    assert second is not first
    assert _count(db) == 2


@sqlite_only
def test_another_database_gets_a_connection_of_its_own(db, sqlite_path, tmp_path, monkeypatch):
    other = tmp_path / "other.db"
    shutil.copy(sqlite_path, other)
    db_now.write_now(_note)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{other}")
    reset_settings_cache()  # the next get_engine() is the other database's
    db_now.write_now(_note)
    assert _count(db) == 1
    assert sqlite3.connect(other).execute("SELECT last FROM reference_counters WHERE prefix = 'NOW'").fetchone() == (1,)


@sqlite_only
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_opens_its_own_connection(db):
    # gunicorn --preload forks its workers: an SQLite connection must not be carried across a fork.
    _, parents = db_now.write_now(_note)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report its connection, then leave without pytest's clean-up
        try:
            _, childs = db_now.write_now(_note)
            os.write(write, str(id(childs)).encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    reported = os.read(read, 100)
    assert reported and int(reported) != id(parents)  # the parent's connection is alive in the child's memory too
    db_now.write_now(_note)  # the parent's own still works
    assert _count(db) == 3


@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only")
def test_on_postgresql_it_is_always_later_and_runs_nothing(db):
    ran = []
    assert db_now.write_now(lambda raw, dialect: ran.append(1)) is db_now.LATER
    assert ran == []


# --- PostgreSQL: fetch_one_soon on the loop's asynchronous connections -----------------------------
postgres_only = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only")
_COUNTER = DriverStatement(insert(ReferenceCounter).values(prefix=bindparam("prefix"), year=2026, last=1)
                           .returning(ReferenceCounter.prefix))
_BACKEND = DriverStatement(select(func.pg_backend_pid()))
_WAIT_FOR_LOCK = DriverStatement(select(func.pg_advisory_lock(bindparam("key")), func.pg_backend_pid()))


@sqlite_only
def test_on_sqlite_fetch_one_soon_is_later(db):
    assert run_on_a_loop_of_its_own(db_now.fetch_one_soon(_COUNTER, {"prefix": "A"})) is db_now.LATER
    assert _count(db) == 0


@postgres_only
def test_on_postgresql_the_statement_runs_on_an_async_connection_and_commits_itself(db):
    assert run_on_a_loop_of_its_own(db_now.fetch_one_soon(_COUNTER, {"prefix": "ASYNC"})) == ("ASYNC",)
    db.rollback()
    assert db.execute(text("SELECT last FROM reference_counters WHERE prefix = 'ASYNC'")).scalar_one() == 1


@postgres_only
def test_a_driver_error_is_sqlalchemys_and_the_connection_serves_the_next_statement(db):
    async def twice_then_another():  # type: ignore[no-untyped-def]
        first = await db_now.fetch_one_soon(_BACKEND, {})
        await db_now.fetch_one_soon(_COUNTER, {"prefix": "DUP"})
        with pytest.raises(IntegrityError):
            await db_now.fetch_one_soon(_COUNTER, {"prefix": "DUP"})
        return first, await db_now.fetch_one_soon(_BACKEND, {})

    first, after = run_on_a_loop_of_its_own(twice_then_another())
    assert first == after  # one connection throughout: autocommit left nothing to roll back


@postgres_only
def test_a_broken_connection_is_later_and_the_next_statement_reconnects(db):
    async def cut_then_write():  # type: ignore[no-untyped-def]
        (backend,) = await db_now.fetch_one_soon(_BACKEND, {})
        await asyncio.get_running_loop().run_in_executor(None, _terminate, db, backend)
        broken = await db_now.fetch_one_soon(_COUNTER, {"prefix": "CUT"})
        return backend, broken, await db_now.fetch_one_soon(_BACKEND, {})

    backend, broken, (fresh,) = run_on_a_loop_of_its_own(cut_then_write())
    assert broken is db_now.LATER
    assert fresh != backend


def _terminate(db, backend: int) -> None:  # type: ignore[no-untyped-def]
    db.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
    db.commit()


LOCK = 7  # an advisory lock's key


@pytest.fixture
def one_connection_and_a_lock(db, monkeypatch) -> Iterator[int]:
    """One asynchronous connection per loop, and an advisory lock, held by the test's session, that a
    statement on it can be made to wait for (_WAIT_FOR_LOCK); released at the end."""
    monkeypatch.setattr(db_now, "ASYNC_CONNECTIONS", 1)
    db.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK})
    yield LOCK
    db.execute(text("SELECT pg_advisory_unlock_all()"))  # if the test has not released it
    db.commit()


@postgres_only
def test_when_every_connection_is_in_use_the_next_write_waits_for_one_and_is_not_lost(db, one_connection_and_a_lock):
    async def two_writes():  # type: ignore[no-untyped-def]
        holding = asyncio.ensure_future(db_now.fetch_one_soon(_WAIT_FOR_LOCK, {"key": LOCK}))
        await asyncio.sleep(0)  # it has taken the one connection
        waiting = asyncio.ensure_future(db_now.fetch_one_soon(_COUNTER, {"prefix": "WAITED"}))
        await asyncio.sleep(0)
        assert not waiting.done()  # neither LATER nor a second connection
        await asyncio.get_running_loop().run_in_executor(None, _unlock, db, LOCK)
        return await holding, await waiting

    _, written = run_on_a_loop_of_its_own(two_writes())
    assert written == ("WAITED",)


def _waiting_for_a_lock(db) -> bool:  # type: ignore[no-untyped-def]
    # No commit: the session keeps the connection that holds the lock (pg_locks is live, not a snapshot).
    return bool(db.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).scalar_one())


def _unlock(db, key: int) -> None:  # type: ignore[no-untyped-def]
    db.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
    db.commit()


@postgres_only
def test_a_write_cancelled_mid_statement_gives_its_place_back_for_the_next(db, one_connection_and_a_lock):
    # psycopg cancels the statement on the server; the connection then serves the next write.
    async def cancel_then_write():  # type: ignore[no-untyped-def]
        stuck = asyncio.ensure_future(db_now.fetch_one_soon(_WAIT_FOR_LOCK, {"key": LOCK}))
        while not await asyncio.get_running_loop().run_in_executor(None, _waiting_for_a_lock, db):
            await asyncio.sleep(0)  # until the server has it waiting for the lock
        stuck.cancel()
        with pytest.raises(asyncio.CancelledError):
            await stuck
        return await db_now.fetch_one_soon(_COUNTER, {"prefix": "AFTER"})

    assert run_on_a_loop_of_its_own(cancel_then_write()) == ("AFTER",)


def test_an_in_memory_sqlite_database_is_later(monkeypatch):
    # Each connection to ":memory:" is a database of its own: a connection taken for the loop would write elsewhere.
    memory = create_engine("sqlite://")
    monkeypatch.setattr(db_now, "get_engine", lambda: memory)
    ran = []
    assert db_now.write_now(lambda raw, dialect: ran.append(1)) is db_now.LATER
    assert ran == []
    memory.dispose()
