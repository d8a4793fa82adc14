"""Shared fixtures: a fresh real database per test (SQLite, or PostgreSQL when
PIMH_TEST_POSTGRES_URL is set), a frozen clock, the app, a fixed cast of personas, a browser."""
from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from consult import clock as clock_module
from consult.clock import LONDON, FrozenClock

POSTGRES_URL = os.environ.get("PIMH_TEST_POSTGRES_URL")
# A Monday in term time, mid-morning: most tests start here unless they move the clock.
FROZEN_AT = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)

os.environ.setdefault("ENVIRONMENT", "test")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("RATE_LIMITS", "off")

import consult.domains  # noqa: E402, F401  (the composition root: installs every domain contract)

BACKGROUND_THREADS = {"faq-index"}  # threads the app starts, which must end with it


_T = TypeVar("_T")


def run_on_a_loop_of_its_own(coroutine: Coroutine[Any, Any, _T], *, timeout: float = 30) -> _T:
    """asyncio.run in a thread of its own, named "event-loop-...": a browser test's Playwright may
    have left a loop running in the test's thread."""
    with ThreadPoolExecutor(1, thread_name_prefix="event-loop") as loop_thread:
        return loop_thread.submit(asyncio.run, coroutine).result(timeout=timeout)


def _reset_caches() -> None:
    from consult.db import dispose_engines
    from consult.profiles import load_profile
    from consult.settings import reset_settings_cache

    reset_settings_cache()
    load_profile.cache_clear()
    dispose_engines()


def _postgres_admin_url() -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"


@pytest.fixture(scope="session")
def template_database(tmp_path_factory) -> Iterator[str]:
    """Migrated once per test process; each test then gets a fresh copy (SQLite) or empty tables (PostgreSQL)."""
    from consult.migrate import upgrade

    if POSTGRES_URL:
        name = f"pimh_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        admin = create_engine(_postgres_admin_url().replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
        upgrade(url)
        yield url
        from consult.db import dispose_engines

        dispose_engines()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    else:
        path = tmp_path_factory.mktemp("template") / "template.db"
        upgrade(f"sqlite:///{path}")
        yield str(path)


def _truncate_all(url: str) -> None:
    from consult.db import Base, make_engine
    from consult.models import import_all_models

    import_all_models()
    engine = make_engine(url, pooled=False)
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        conn.execute(text("DROP TABLE IF EXISTS apscheduler_jobs"))
    engine.dispose()


@pytest.fixture
def database_url(template_database, tmp_path, monkeypatch) -> Iterator[str]:
    if POSTGRES_URL:
        _truncate_all(template_database)
        url = template_database
    else:
        path = tmp_path / "pimh.db"
        shutil.copy(template_database, path)
        url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    _reset_caches()
    yield url
    # Background work that outlives its test reads the next test's database half-way through set-up.
    left = [t.name for t in threading.enumerate() if t.name in BACKGROUND_THREADS and t.is_alive()]
    _reset_caches()
    assert not left, f"background work outlived the test (a startup hook's stop() was not called): {left}"


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    frozen = FrozenClock(FROZEN_AT)
    previous = clock_module.use(frozen)
    yield frozen
    clock_module.use(previous)


@pytest.fixture
def db(database_url, clock) -> Iterator[Session]:
    from consult.db import session_factory

    session = session_factory()()
    yield session
    session.rollback()
    session.close()


@pytest.fixture
def app(database_url, clock):
    from consult.app import create_app
    from consult.ratelimit import reset_rate_limits

    reset_rate_limits()
    return create_app()


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as test_client:
        yield test_client


@dataclass
class Persona:
    id: int
    name: str
    email: str
    role: str
    token: str
    password: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


PASSWORD = "correct-horse-battery-staple"


def _persona(db: Session, name: str, email: str, role: str, **details) -> Persona:
    from consult.auth.models import Role
    from consult.auth.service import add_user, create_token

    user = add_user(db=db, name=name, email=email, role=Role(role), password=PASSWORD, **details)
    token = create_token(db=db, user=user)
    db.commit()
    return Persona(user.id, user.name, email, role, token, PASSWORD)


@pytest.fixture
def practitioner(db) -> Persona:
    return _persona(db, "Jo Pellow", "jo.pellow@nhs.net", "practitioner", job_role="Health visitor",
                    organisation="Community health trust", organisation_type="health_visiting", district="Thanet")


@pytest.fixture
def outsider(db) -> Persona:
    """Another practitioner, who must not see the first one's records."""
    return _persona(db, "Nell Outram", "nell.outram@nhs.net", "practitioner", job_role="Midwife",
                    organisation="Acute hospital trust", organisation_type="midwifery", district="Dover")


@pytest.fixture
def clinician(db) -> Persona:
    return _persona(db, "Priya Castell", "priya.castell@nhs.net", "clinician", job_role="Specialist practitioner")


@pytest.fixture
def second_clinician(db) -> Persona:
    return _persona(db, "Tomasz Wren", "tomasz.wren@nhs.net", "clinician", job_role="Specialist practitioner")


@pytest.fixture
def manager(db) -> Persona:
    return _persona(db, "Helen Marsh", "helen.marsh@nhs.net", "manager", job_role="Service manager")


@pytest.fixture
def admin(db) -> Persona:
    return _persona(db, "Sam Admin", "sam.admin@nhs.net", "admin")


# --- browser -----------------------------------------------------------------------------------
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent.parent / "artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """The real app served by uvicorn on a free port, for the browser."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("live server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=60)  # shutdown waits for background work, e.g. an FAQ index being built


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") or os.environ.get("PIMH_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--lang=en-GB"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="en-GB", timezone_id="Europe/London")
    tab = context.new_page()
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url: str, persona: Persona) -> None:
    page.goto(f"{base_url}/signin")
    page.fill("#email", persona.email)
    page.fill("#password", persona.password)
    page.click("button[type=submit]")


def pytest_collection_modifyitems(config, items) -> None:
    """Every test that drives Chromium carries the `browser` marker, so `-m "not browser"` is the fast lane."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
