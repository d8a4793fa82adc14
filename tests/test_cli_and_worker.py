from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select
from typer.testing import CliRunner

from consult.auth.models import User
from consult.cli import app
from consult.core import lease
from consult.core.calendar import add_closure, calendar_for, upcoming_closures

runner = CliRunner()


def test_every_documented_command_exists():
    for command in (["serve"], ["worker"], ["db", "upgrade"], ["seed-demo"], ["token", "create"], ["user", "add"],
                    ["chat"], ["report", "quarterly"], ["jobs", "list"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0, (command, result.output)


def test_db_upgrade_and_seed_demo_are_idempotent(database_url, db):
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(app, ["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["seed-demo"])
    assert second.exit_code == 0, second.output
    assert "0 added" in second.output
    emails = db.scalars(select(User.email)).all()
    assert len(emails) == len(set(emails)) >= 10


def test_token_create_prints_a_token_that_the_api_accepts(database_url, client):
    result = runner.invoke(app, ["token", "create", "--role", "manager", "--name", "Quinn Harlow"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()["role"] == "manager"


def test_token_create_refuses_an_unknown_role(database_url):
    result = runner.invoke(app, ["token", "create", "--role", "wizard", "--name", "Quinn"])
    assert result.exit_code == 2
    assert "Unknown role" in result.output


def test_user_add_creates_an_account_that_can_sign_in(database_url, db):
    result = runner.invoke(app, ["user", "add", "--email", "kit.lowe@nhs.net", "--name", "Kit Lowe", "--role", "clinician",
                                 "--password", "a-long-password-1"])
    assert result.exit_code == 0, result.output
    assert db.scalar(select(User).where(User.email == "kit.lowe@nhs.net")).role.value == "clinician"


def test_a_missing_secret_key_in_production_is_a_clear_start_up_error(tmp_path):
    env = {"ENVIRONMENT": "production", "PATH": "", "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-m", "consult.cli", "db", "upgrade"], env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "SECRET_KEY is not set" in result.stderr


def test_only_one_worker_holds_the_lease_until_it_expires(db, clock):
    ttl = timedelta(seconds=90)
    assert lease.try_acquire(db=db, name="scheduler", holder="worker-a", ttl=ttl)
    assert not lease.try_acquire(db=db, name="scheduler", holder="worker-b", ttl=ttl)
    assert lease.try_acquire(db=db, name="scheduler", holder="worker-a", ttl=ttl)  # renewal
    clock.advance(timedelta(seconds=91))
    assert lease.try_acquire(db=db, name="scheduler", holder="worker-b", ttl=ttl)  # a dead leader is replaced
    assert not lease.try_acquire(db=db, name="scheduler", holder="worker-a", ttl=ttl)
    lease.release(db=db, name="scheduler", holder="worker-b")
    assert lease.try_acquire(db=db, name="scheduler", holder="worker-a", ttl=ttl)


def test_two_worker_processes_never_both_lead(database_url):
    from consult.settings import get_settings
    from consult.worker import Worker

    first, second = Worker(get_settings()), Worker(get_settings())
    second.holder = "other-host:1"
    try:
        assert first.heartbeat() is True
        assert second.heartbeat() is False
        assert first.scheduler is not None and second.scheduler is None
    finally:
        first.stop()
        second.stop()


def test_closures_join_bank_holidays_in_the_calendar(db):
    from datetime import date

    add_closure(db=db, day=date(2026, 12, 2), reason="Team training day")
    db.commit()
    calendar = calendar_for(db)
    assert not calendar.is_working_day(date(2026, 12, 2))
    found = upcoming_closures(db=db, start=date(2026, 12, 1), days=30)
    assert (date(2026, 12, 2), "Team training day") in found
    assert any(name == "Christmas Day" for _, name in found)
