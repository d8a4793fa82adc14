"""What one trip from the event loop to a worker thread and back costs in CPU: Starlette's
run_in_threadpool (anyio) against consult.threads.in_worker_thread (the loop's run_in_executor),
under uvloop as uvicorn runs it and under asyncio's own loop (issue 23).

    python benchmarks/thread_hop.py [--trips 20000] [--concurrency 10]

The step itself does nothing, so each figure is the trip alone: this process's CPU time (user and
system, every thread) per trip, and trips per second. Nothing is asserted; the figures are for
docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from starlette.concurrency import run_in_threadpool  # noqa: E402

from consult.threads import in_worker_thread  # noqa: E402


def _step() -> int:
    return 1


HOPS: dict[str, Callable[[], Awaitable[int]]] = {
    "run_in_threadpool (anyio)": lambda: run_in_threadpool(_step),
    "in_worker_thread (run_in_executor)": lambda: in_worker_thread(_step),
}


async def _measure(hop: Callable[[], Awaitable[int]], trips: int, concurrency: int) -> tuple[float, float]:
    async def caller() -> None:
        for _ in range(trips // concurrency):
            await hop()

    await asyncio.gather(*(caller() for _ in range(concurrency)))  # warm: threads started
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(concurrency)))
    after, elapsed = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter() - started
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return cpu / trips * 1e6, trips / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=20000)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    loops: dict[str, Callable[[Awaitable[tuple[float, float]]], tuple[float, float]]] = {"asyncio": asyncio.run}
    try:
        import uvloop

        loops["uvloop"] = uvloop.run
    except ImportError:
        print("uvloop is not installed: asyncio's loop only")
    print("| loop | trip | us of CPU per trip | trips per second |\n|---|---|---|---|")
    for loop_name, run in loops.items():
        for hop_name, hop in HOPS.items():
            cpu_us, rate = run(_measure(hop, args.trips, args.concurrency))
            print(f"| {loop_name} | {hop_name} | {cpu_us:.1f} | {rate:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
