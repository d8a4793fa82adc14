"""Resident memory of one web worker: after start-up, and after each half of 10,000 mixed requests.

Usage: python benchmarks/memory.py [--requests N]

One uvicorn process (the worker the Procfile's gunicorn runs), a fresh seeded SQLite database,
`RATE_LIMITS=off`. The requests cycle through the main public calls (health, slots, the booking
page, the FAQ answer and page, the readiness check, the service page) from 4 client threads. RSS
is read from /proc/<pid>/status (VmRSS) after start-up and the FAQ index, after the first half
and after the second; a worker that keeps something per request grows in the second half too.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
import threading
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import running_service  # noqa: E402

from tests.readiness.helpers import complete  # noqa: E402

CALLS = [
    ("GET", "/healthz", None),
    ("GET", "/api/triage/slots?days=14", None),
    ("GET", "/book", None),
    ("POST", "/api/faq/answer", {"question": "how long till i hear back after sending a referal"}),
    ("GET", "/faq?q=do+you+see+dads", None),
    ("POST", "/api/referrals/readiness", complete()),
    ("GET", "/service", None),
]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def drive(base_url: str, count: int, threads: int = 4) -> int:
    calls = itertools.cycle(CALLS)
    lock = threading.Lock()
    errors = 0
    left = count

    def worker() -> None:
        nonlocal errors, left
        with httpx.Client(base_url=base_url, timeout=60) as client:
            while True:
                with lock:
                    if left <= 0:
                        return
                    left -= 1
                    method, path, body = next(calls)
                response = client.request(method, path, json=body, headers={"Accept": "text/html"})
                if response.status_code >= 400:
                    with lock:
                        errors += 1

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    args = parser.parse_args()
    half = args.requests // 2
    with running_service() as service:
        pid = service.pid
        httpx.post(f"{service.base_url}/api/faq/answer", json={"question": "hours"}, timeout=120)  # index built
        figures = {"after start-up": rss_mib(pid)}
        errors = drive(service.base_url, half)
        figures[f"after {half:,} requests"] = rss_mib(pid)
        errors += drive(service.base_url, args.requests - half)
        figures[f"after {args.requests:,} requests"] = rss_mib(pid)
    values = list(figures.values())
    print("| point | RSS MiB |\n|---|---|")
    for name, value in figures.items():
        print(f"| {name} | {value:.1f} |")
    print(f"\nfirst half: {values[1] - values[0]:+.1f} MiB, second half: {values[2] - values[1]:+.1f} MiB, "
          f"errors: {errors}")
    print(json.dumps({k: round(v, 1) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
