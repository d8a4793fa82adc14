"""A fresh checkout: `pimh serve` makes its own SQLite database, and SQLite runs as promised
(write-ahead log for readers beside the writer, foreign keys enforced)."""
from __future__ import annotations

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.conftest import POSTGRES_URL, _free_port


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite pragmas")
def test_sqlite_uses_write_ahead_logging_and_enforces_foreign_keys(database_url):
    from consult.db import get_engine

    with get_engine().connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with pytest.raises(IntegrityError):
            conn.execute(text("INSERT INTO consultation_concerns (consultation_id, code) VALUES (424242, 'trauma')"))


def test_pimh_serve_on_a_fresh_checkout_creates_the_database_and_serves_health_and_home(tmp_path):
    port = _free_port()
    # Nothing configured: no DATABASE_URL, no SECRET_KEY, no .env (development defaults).
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "RATE_LIMITS": "off"}
    server = subprocess.Popen([sys.executable, "-m", "consult.cli", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120  # a loaded, shared machine; usually a few seconds
        health = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                health = httpx.get(f"{base}/healthz", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert health is not None, server.stderr.read() if server.poll() is not None else "no answer in time"
        assert health.json() == {"status": "ok", "database": "ok"}
        home = httpx.get(f"{base}/", timeout=10)
        assert home.status_code == 200 and "Kent Parent Infant Mental Health Service" in home.text
        with closing(sqlite3.connect(tmp_path / "pimh.db")) as made:  # migrated, not just created
            assert made.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1
            assert made.execute("SELECT count(*) FROM faq_entries").fetchone()[0] >= 40
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_pimh_serve_prints_its_address_only_once_it_answers_and_no_library_debug_lines(tmp_path):
    port = _free_port()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "RATE_LIMITS": "off"}
    server = subprocess.Popen([sys.executable, "-m", "consult.cli", "serve", "--port", str(port)], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()  # the console and the logs both write to stderr
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()  # type: ignore[union-attr]
    seen: list[str] = []
    try:
        while not any("running at" in line for line in seen):
            seen.append(lines.get(timeout=300))  # a loaded, shared machine; usually a few seconds
        assert f"http://127.0.0.1:{port}" in seen[-1]
        # At the moment the address is printed, it answers: no retry, no waiting.
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=10).json() == {"status": "ok", "database": "ok"}
        # The FAQ index builds behind the server; a question asked now waits for it and is answered.
        answer = httpx.post(f"http://127.0.0.1:{port}/api/faq/answer", json={"question": "can a mum refer herself"},
                            timeout=120)
        assert answer.status_code == 200 and answer.json()["answered"] is True
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    while not lines.empty():
        seen.append(lines.get())
    assert not [line for line in seen if line.startswith("DEBUG")], seen
