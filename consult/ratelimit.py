"""Per-client rate limits on public POST endpoints and sign-in (RATE_LIMITS=on|off)."""
from __future__ import annotations

import math
import re
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from consult.settings import get_settings

if TYPE_CHECKING:
    from limits import RateLimitItem
    from limits.strategies import MovingWindowRateLimiter

# `limits` is imported on the first check, not at start-up (issue 23): routes declare their
# limits when their modules load, and with RATE_LIMITS=off no request ever needs it.
_limiters: dict[str, MovingWindowRateLimiter] = {}


def _limiter() -> MovingWindowRateLimiter:
    """One limiter per storage URL (RATE_LIMIT_STORAGE_URL), made on first use."""
    from limits.storage import storage_from_string
    from limits.strategies import MovingWindowRateLimiter

    url = get_settings().rate_limit_storage_url
    if url not in _limiters:
        _limiters[url] = MovingWindowRateLimiter(storage_from_string(url))
    return _limiters[url]


# The forms `limits` reads ("20/minute", "20 per 2 hours"), checked where a route declares one.
_LIMIT = re.compile(r"[0-9]+ ?(?:/|per) ?(?:[0-9]+ )?(?:second|minute|hour|day|month|year)s?")


@lru_cache(maxsize=256)
def _parse(limit: str) -> RateLimitItem:
    from limits import parse

    return parse(limit)


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def rate_limit(bucket: str, limit: str | Callable[[], str]) -> Callable[[Request], Awaitable[None]]:
    """Dependency factory, e.g. `Depends(rate_limit("booking", "20/minute"))`. `limit` may be a
    function returning the limit (a profile value), read on each request."""
    if isinstance(limit, str) and not _LIMIT.fullmatch(limit):  # a typo still stops start-up
        raise ValueError(f"a rate limit is an amount per period, e.g. '20/minute', not {limit!r}")

    def hit(request: Request) -> None:
        item = _parse(limit if isinstance(limit, str) else limit())
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
