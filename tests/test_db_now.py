"""consult.db_now.write_now: a small write on the calling thread (the event loop's), only when
SQLite can take it at once; LATER, with nothing written, whenever it would have to wait."""
from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text

from consult import db_now
from consult.db import dispose_engines
from consult.settings import reset_settings_cache
from tests.conftest import POSTGRES_URL

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
