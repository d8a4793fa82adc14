"""Rate limits counted in one place for every web worker (RATE_LIMIT_STORAGE_URL=redis://...).

A fresh limiter stands in for a second gunicorn worker: with memory:// it starts its own count, so a
client spread across workers gets the allowance once per worker; with Redis it sees the same count."""
from __future__ import annotations

import uuid

import pytest
import redis
from fastapi.testclient import TestClient

from consult import ratelimit
from consult.settings import get_settings, reset_settings_cache
from tests.privacy.helpers import csrf

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_available() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def _attempts(count: int) -> list[int]:
    from consult.app import create_app

    # One invented client address per test, so parallel test processes never share a count.
    client = TestClient(create_app(), client=(_attempts.address, 50000))
    token = csrf(client)
    return [client.post("/signin", data={"csrf_token": token, "email": "nobody@nhs.net", "password": "x" * 12},
                        headers={"Accept": "application/json"}).status_code for _ in range(count)]


@pytest.fixture
def limits_on(monkeypatch, database_url, clock):
    _attempts.address = f"client-{uuid.uuid4().hex}"
    monkeypatch.setenv("RATE_LIMITS", "on")

    def use(storage_url: str) -> None:
        monkeypatch.setenv("RATE_LIMIT_STORAGE_URL", storage_url)
        reset_settings_cache()
        ratelimit._limiters.clear()

    yield use
    ratelimit._limiters.clear()
    monkeypatch.delenv("RATE_LIMIT_STORAGE_URL")
    reset_settings_cache()


def test_with_memory_each_process_counts_on_its_own(limits_on):
    limits_on("memory://")
    assert _attempts(6) == [401] * 6
    ratelimit._limiters.clear()  # a second worker process
    assert _attempts(6) == [401] * 6  # 12 attempts, none refused: the weakness Redis removes


@pytest.mark.skipif(not _redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_every_process_shares_one_count(limits_on):
    limits_on(REDIS_URL)
    assert get_settings().rate_limit_storage_url == REDIS_URL
    assert _attempts(6) == [401] * 6
    ratelimit._limiters.clear()  # a second worker process
    assert _attempts(5) == [401] * 4 + [429]


def test_an_unknown_storage_is_refused_at_start_up(monkeypatch):
    from consult.settings import Settings

    monkeypatch.setenv("RATE_LIMIT_STORAGE_URL", "mongodb://somewhere")
    with pytest.raises(ValueError, match="rate_limit_storage_url"):
        Settings()
