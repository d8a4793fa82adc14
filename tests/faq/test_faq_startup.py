"""The index's background build ends with the app: left running, it once read the next test's
half-set-up database and settings (a user 'already existing', a table missing)."""
from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from faq import service


def _builds() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "faq-index" and t.is_alive()]


def test_shutdown_cancels_a_build_not_yet_started(app):
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert _builds(), "start-up schedules the index build in the background"
    assert _builds() == []


def test_shutdown_waits_for_a_build_under_way(app, monkeypatch):
    monkeypatch.setitem(service._state, "built", None)  # so the build has real work: seconds of it
    monkeypatch.setattr(service, "BUILD_AFTER_SECONDS", 0.0)
    with TestClient(app):
        assert _builds()
    assert _builds() == [], "shutdown returned while the build was still running"
    assert service._state["built"] is not None
