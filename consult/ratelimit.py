"""Per-client rate limits on public POST endpoints and sign-in (RATE_LIMITS=on|off)."""
from __future__ import annotations

import math
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, status
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.concurrency import run_in_threadpool

from consult.settings import get_settings

_limiters: dict[str, MovingWindowRateLimiter] = {}


def _limiter() -> MovingWindowRateLimiter:
    """One limiter per storage URL (RATE_LIMIT_STORAGE_URL), made on first use."""
    url = get_settings().rate_limit_storage_url
    if url not in _limiters:
        _limiters[url] = MovingWindowRateLimiter(storage_from_string(url))
    return _limiters[url]


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(bucket: str, limit: str | Callable[[], str]) -> Callable[[Request], Awaitable[None]]:
    """Dependency factory, e.g. `Depends(rate_limit("booking", "20/minute"))`. `limit` may be a
    function returning the limit (a profile value), read on each request."""
    fixed = parse(limit) if isinstance(limit, str) else None

    def hit(request: Request) -> None:
        item = fixed or parse(limit())  # type: ignore[operator]
        key = client_key(request)
        limiter = _limiter()
        if not limiter.hit(item, bucket, key):
            reset_at, _remaining = limiter.get_window_stats(item, bucket, key)
            retry_after = max(1, math.ceil(reset_at - _now()))
            raise HTTPException(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"Too many requests; try again in {retry_after} seconds.",
                headers={"Retry-After": str(retry_after)},
            )

    async def check(request: Request) -> None:
        # Async, so that a check costs a thread hand-off only when it may wait on a store (Redis):
        # FastAPI runs a plain function dependency in the threadpool (issue 23).
        settings = get_settings()
        if not settings.rate_limits_on:
            return
        if settings.rate_limit_storage_url.startswith("memory://"):
            hit(request)  # in this process's memory: nothing to wait for
        else:
            await run_in_threadpool(hit, request)

    return check


def _now() -> float:
    import time

    return time.time()


def reset_rate_limits() -> None:
    _limiter().storage.reset()
