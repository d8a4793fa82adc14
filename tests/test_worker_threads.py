"""consult.threads.in_worker_thread: a step run off the event loop, with the caller's context."""
from __future__ import annotations

import asyncio
import contextvars
import os
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from consult import threads
from tests.conftest import run_on_a_loop_of_its_own

_T = TypeVar("_T")
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="none")


def _run(coroutine: Coroutine[Any, Any, _T]) -> _T:
    return run_on_a_loop_of_its_own(coroutine, timeout=10)


def _where(suffix: str) -> tuple[str, str, str]:
    return threading.current_thread().name, request_id.get(), suffix


def test_the_step_runs_in_a_worker_thread_with_the_callers_context_and_returns_its_result():
    async def call() -> tuple[str, str, str]:
        request_id.set("r-17")
        return await threads.in_worker_thread(_where, "done")

    thread, seen, suffix = _run(call())
    assert thread.startswith("pimh-step")
    assert (seen, suffix) == ("r-17", "done")


def test_a_failing_step_raises_in_the_caller():
    def fails() -> None:
        raise LookupError("no such entry")

    with pytest.raises(LookupError, match="no such entry"):
        _run(threads.in_worker_thread(fails))


def test_a_step_whose_caller_stops_waiting_still_runs_to_its_end():
    started, release, finished = threading.Event(), threading.Event(), threading.Event()

    def write() -> None:
        started.set()
        release.wait(5)
        finished.set()

    async def caller() -> None:
        task = asyncio.ensure_future(threads.in_worker_thread(write))
        await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    _run(caller())
    release.set()
    assert finished.wait(5)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_worker_gets_a_pool_of_its_own():
    # gunicorn --preload forks workers: a pool made before the fork would count threads the child lacks.
    _run(threads.in_worker_thread(_where, "parent"))
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report whether a step runs, then leave without pytest's clean-up
        try:
            result = _run(asyncio.wait_for(threads.in_worker_thread(_where, "child"), 5))
            os.write(write, result[2].encode())
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 100) == b"child"
