"""A short blocking step (one database write) handed from the event loop to a worker thread, cheaply.

Starlette's `run_in_threadpool` goes through anyio: a capacity limiter, a cancel scope and its own
worker queue, 74-83 us of CPU per trip under uvloop. The event loop's own `run_in_executor` on
a plain thread pool costs 25-35 us (benchmarks/thread_hop.py). Under load a trip costs far more
than that (the interpreter's lock passing back and forth), so the FAQ's question row now goes
without one where it can (consult.db_now) and comes here only when that says LATER (issue 23).

What is kept from anyio's way: the caller's context variables (the request's log fields) are seen
in the thread. What differs: a caller cancelled while waiting stops waiting, but the step runs to
its end, so a write that was started is never lost half-way.

/healthz keeps `run_in_threadpool` on purpose: it is the service's floor in benchmarks/http_wrk.py
and does what the bare FastAPI app beside it does, which FastAPI runs through anyio.
"""
from __future__ import annotations

import asyncio
import contextvars
import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

# As many as anyio's default limiter allows: the database pool, not this, bounds the real work.
MAX_THREADS = 40

_P = ParamSpec("_P")
_T = TypeVar("_T")
_pools: dict[int, ThreadPoolExecutor] = {}


def _pool() -> ThreadPoolExecutor:
    # One per process: gunicorn --preload forks workers from a parent whose pool (had it made one)
    # would count threads that do not exist in the child, and hand them work that never runs.
    pid = os.getpid()
    pool = _pools.get(pid)
    if pool is None:
        pool = _pools.setdefault(pid, ThreadPoolExecutor(max_workers=MAX_THREADS, thread_name_prefix="pimh-step"))
    return pool


async def in_worker_thread(step: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
    """step(*args, **kwargs) in a worker thread, with the caller's context variables."""
    context = contextvars.copy_context()
    call = functools.partial(context.run, step, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(_pool(), call)
