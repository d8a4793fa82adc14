"""Shared benchmark harness: the real service in its own process, measured over loopback.

    with running_service() as service:
        base = measure("healthz", service, lambda c: c.get("/healthz"))
        faq = measure("faq answer", service, lambda c: c.post("/api/faq/answer", json={...}))
        report([base, faq], baseline=base)

Figures are requests per second and latency percentiles from `concurrency` client threads
for `seconds`; every script compares its calls with /healthz measured in the same run so the
ratio, not the raw number, is what carries across machines.
"""
from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Service:
    base_url: str
    env: dict[str, str]
    pid: int = 0  # the server process (with workers=1, the one that serves)

    def cli(self, *args: str) -> str:
        """Run a `pimh` command against the same database (e.g. to create a token)."""
        result = subprocess.run([sys.executable, "-m", "consult.cli", *args], env=self.env, cwd=self.env["PIMH_BENCH_DIR"],
                                capture_output=True, text=True, check=True)
        return result.stdout.strip()


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_service(*, seed: bool = True, env: dict[str, str] | None = None, workers: int = 1) -> Iterator[Service]:
    """Migrate, optionally seed the demo data, and serve the app with uvicorn in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="pimh-bench-") as workdir:
        service_env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.db"),
            "RATE_LIMITS": "off",
            "ENVIRONMENT": "development",
            "LOG_FORMAT": "json",
            "PIMH_BENCH_DIR": workdir,
            **(env or {}),
        }
        cli = [sys.executable, "-m", "consult.cli"]
        subprocess.run([*cli, "db", "upgrade"], env=service_env, cwd=workdir, check=True, capture_output=True)
        if seed:
            subprocess.run([*cli, "seed-demo"], env=service_env, cwd=workdir, check=True, capture_output=True)
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "consult.app:app_factory", "--factory", "--host", "127.0.0.1",
             "--port", str(port), "--log-level", "warning", "--workers", str(workers)],
            env=service_env, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url, server)
            yield Service(base_url, service_env, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_until_up(base_url: str, server: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the service exited during start-up")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the service did not start in time")


def measure(
    name: str,
    service: Service,
    call: Callable[[httpx.Client], httpx.Response],
    *,
    seconds: float = 5.0,
    concurrency: int = 8,
    ok: Callable[[httpx.Response], bool] = lambda r: r.status_code < 400,
    warmup: int = 20,
) -> Result:
    """Run `call` from `concurrency` threads for `seconds`; a bounded, loopback-only load."""
    with httpx.Client(base_url=service.base_url, timeout=30) as warm:
        for _ in range(warmup):
            call(warm)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def worker() -> None:
        nonlocal errors
        local, local_errors = [], 0
        with httpx.Client(base_url=service.base_url, timeout=30) as client:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                response = call(client)
                local.append((time.perf_counter() - started) * 1000)
                local_errors += not ok(response)
        with lock:
            latencies.extend(local)
            errors += local_errors

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(name, len(latencies), errors, time.monotonic() - started, latencies)


def report(results: list[Result], *, baseline: Result) -> str:
    lines = [
        f"{'call':32} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs /healthz':>12}",
    ]
    for r in results:
        ratio = r.per_second / baseline.per_second if baseline.per_second else 0
        lines.append(
            f"{r.name:32} {r.per_second:9.1f} {r.percentile(50):8.1f} {r.percentile(95):8.1f} {r.errors:7d} {ratio:11.2f}x"
        )
    text = "\n".join(lines)
    print(text)
    return text


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0
