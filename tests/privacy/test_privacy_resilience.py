"""The web app and the worker ride out a database restart, and a due job is not lost."""
from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from conftest import POSTGRES_URL
from sqlalchemy import create_engine, text

from consult import contract, jobs
from consult.contract import DomainContract, compose

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs PIMH_TEST_POSTGRES_URL (a real server to restart)")


def _drop_every_connection(database_url: str) -> int:
    """What a PostgreSQL restart does to the app: every server connection to its database is cut."""
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    name = database_url.rsplit("/", 1)[1]
    with admin.connect() as conn:
        killed = conn.execute(text(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
        ), {"name": name}).scalar_one()
    admin.dispose()
    return killed


@needs_postgres
@pytest.mark.postgres
def test_the_web_app_answers_normally_after_every_database_connection_is_cut(client, database_url, manager):
    assert client.get("/healthz").json()["database"] == "ok"
    assert client.get("/api/me", headers=manager.headers).status_code == 200  # the pool now holds connections
    assert _drop_every_connection(database_url) >= 1
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    assert client.get("/api/audit", headers=manager.headers).status_code == 200


@needs_postgres
@pytest.mark.postgres
def test_a_job_runs_normally_after_every_database_connection_is_cut(database_url, db, clock):
    from consult.db import session_scope

    with session_scope() as session:  # warm the pool
        session.execute(text("SELECT 1"))
    assert _drop_every_connection(database_url) >= 1
    assert isinstance(jobs.run_job("privacy_purge"), dict)


@pytest.fixture
def reminder_job(monkeypatch):
    """One hourly job standing in for a reminder or escalation, recording each run."""
    runs: list[datetime] = []
    job = jobs.scheduled("test_reminder", description="remind", minutes=60)(lambda: runs.append(datetime.now(UTC)))
    monkeypatch.setattr(contract, "_installed", compose([DomainContract(name="reminders", jobs=(job,))]))
    return runs


def _worker_scheduler():
    from consult.settings import get_settings
    from consult.worker import build_scheduler, start_scheduler

    scheduler = build_scheduler(get_settings())
    start_scheduler(scheduler)
    return scheduler


def test_a_job_that_fell_due_while_the_worker_was_down_runs_once_when_it_is_back(database_url, reminder_job):
    first = _worker_scheduler()
    assert first.get_job("test_reminder").next_run_time > datetime.now(UTC)
    first.shutdown(wait=True)
    # The reminder was due in an hour; pretend that hour passed while no worker was up, by
    # editing the job store directly (a scheduler would run the job on its own).
    store = first._lookup_jobstore("default")
    job = store.lookup_job("test_reminder")
    job._modify(next_run_time=datetime.now(UTC) - timedelta(minutes=5))
    store.update_job(job)
    if POSTGRES_URL:
        _drop_every_connection(database_url)
    assert reminder_job == []

    second = _worker_scheduler()
    try:
        deadline = time.monotonic() + 10
        while not reminder_job and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        assert len(reminder_job) == 1  # run once, not skipped and not repeated
        assert second.get_job("test_reminder").next_run_time > datetime.now(UTC)
    finally:
        second.shutdown(wait=False)


def test_a_changed_schedule_replaces_the_stored_one(database_url, reminder_job, monkeypatch):
    first = _worker_scheduler()
    first.shutdown(wait=False)
    changed = jobs.scheduled("test_reminder", description="remind", minutes=30)(lambda: None)
    monkeypatch.setattr(contract, "_installed", compose([DomainContract(name="reminders", jobs=(changed,))]))
    second = _worker_scheduler()
    try:
        assert str(second.get_job("test_reminder").trigger) == "interval[0:30:00]"
    finally:
        second.shutdown(wait=False)
