"""Every main public call against the framework's floor, measured by wrk (not Python client threads).

Usage: python benchmarks/http_wrk.py [--quick] [--seconds S] [--rounds N] [--backend sqlite|postgres|both]

For each database it migrates and seeds a fresh one, then serves, with the Procfile's own command
(gunicorn with uvicorn workers, WEB_CONCURRENCY of them, default 2), the real service and a bare
FastAPI app (benchmarks/floor/bare_fastapi.py) whose /healthz runs the same `SELECT 1` (and whose
POST /log commits one row, the floor of a call that logs its question, as the FAQ does). wrk (keep-alive,
10 connections, 20 for Slack) drives each call in turn for a bounded time; the table gives req/s,
p50/p99 and each call's ratio to our /healthz (and /healthz's to the bare app's), all from one run,
so the ratios carry across machines. With --rounds N every call is measured N times, round after
round, each ratio taken within its own round (so a slow spell of a shared machine falls on both sides
of it), and the table gives the median round's figures with the ratios' range. It also times start-up (`pimh serve` to its first healthy
answer). Servers are on free loopback ports and stopped at the end. PostgreSQL: a throwaway
database on BENCH_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres).
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bot.testing import FakeSlack, command_body, signed_headers, slack_user  # noqa: E402
from tests.readiness.helpers import complete  # noqa: E402  (the invented draft the tests use)

SLACK_SECRET = "benchmark-signing-secret"
SLACK_USER = "U-BENCH"
LUA = HERE / "wrk_report.lua"
WRK = shutil.which("wrk") or "/usr/bin/wrk"


@dataclass
class Call:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: str = ""
    connections: int = 10
    baseline: str = "healthz"  # the row this one is compared with
    goal: float | None = None  # the ratio it should reach (issue 23)


@dataclass
class Row:
    call: Call
    per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    cpu_ms: float | None = None  # the server's CPU (every worker's) per request: steadier than req/s under load


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn_argv(app: str, port: int, workers: int) -> list[str]:
    """The Procfile's web command, with its app, port and worker count filled in."""
    line = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    command = line.split(":", 1)[1].replace("${WEB_CONCURRENCY:-2}", str(workers)).replace("${PORT:-8000}", str(port))
    argv = shlex.split(command.replace("0.0.0.0", "127.0.0.1"))
    argv[1] = app
    return [sys.executable, "-m", *argv]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float = 60) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited during start-up")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer in time")


@contextmanager
def _serving(argv: list[str], env: dict[str, str], cwd: str, health: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        _wait_healthy(health, process)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def _database(backend: str, workdir: str) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{workdir}/bench.db"
        return
    import psycopg

    admin = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = f"pimh_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_cpu_seconds(leader: int) -> float | None:
    """CPU seconds (user + system) used so far by every process in the server's session (gunicorn's
    master and its workers; started with start_new_session, so the session id is the master's pid)."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0
    try:
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                fields = (Path("/proc") / entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == leader:  # field 6 of stat: the session id
                total += int(fields[11]) + int(fields[12])  # utime, stime
    except OSError:
        return None
    return total / ticks


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _wrk(base_url: str, requests: list[tuple[str, str, dict[str, str], str]], *, connections: int,
         seconds: float, workdir: str) -> dict:
    threads = 2
    script = Path(workdir) / f"requests-{uuid.uuid4().hex[:6]}.txt"
    script.write_text("".join(
        f"{method}\t{path}\t{_escape(chr(10).join(f'{k}: {v}' for k, v in headers.items()))}\t{_escape(body)}\n"
        for method, path, headers, body in requests))
    out = subprocess.run([WRK, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "10s",
                          "-s", str(LUA), base_url, "--", str(script), str(threads)],
                         capture_output=True, text=True, timeout=seconds + 60)
    if out.returncode != 0:
        raise RuntimeError(f"wrk failed: {out.stderr.strip()}")
    line = next(line for line in out.stdout.splitlines() if line.startswith("WRKJSON "))
    return json.loads(line.removeprefix("WRKJSON "))


def _measure(call: Call, base_url: str, *, seconds: float, workdir: str, warmup: float, server: int) -> Row:
    requests = _slack_commands(call) if call.path == "/slack/events" else [
        (call.method, call.path, call.headers, call.body)]
    if warmup:
        _wrk(base_url, requests[: len(requests) // 10 or 1] if call.path == "/slack/events" else requests,
             connections=call.connections, seconds=warmup, workdir=workdir)
        if call.path == "/slack/events":
            requests = _slack_commands(call)  # fresh trigger ids after the warm-up
    cpu_before = _server_cpu_seconds(server)
    result = _wrk(base_url, requests, connections=call.connections, seconds=seconds, workdir=workdir)
    cpu_after = _server_cpu_seconds(server)
    cpu_ms = ((cpu_after - cpu_before) * 1000 / result["requests"]
              if cpu_before is not None and cpu_after is not None and result["requests"] else None)
    if call.path == "/slack/events" and result["requests"] > len(requests):
        print(f"  warning: {call.name} sent {result['requests']} commands but only {len(requests)} were distinct")
    return Row(call, result["requests"] / (result["duration_us"] / 1e6), result["p50_us"] / 1000,
               result["p99_us"] / 1000, result["status_errors"] + result["socket_errors"], result["requests"], cpu_ms)


def _slack_commands(call: Call, count: int = 40_000) -> list[tuple[str, str, dict[str, str], str]]:
    """Distinct, correctly signed slash commands (each with its own trigger id), signed now."""
    stamp = int(time.time())
    out = []
    for n in range(count):
        body = command_body(call.body, user_id=SLACK_USER, response_url=f"http://127.0.0.1:9/{n}",
                            trigger_id=f"trigger-{uuid.uuid4().hex[:16]}")
        out.append(("POST", "/slack/events", signed_headers(body, SLACK_SECRET, timestamp=stamp), body))
    return out


def calls() -> list[Call]:
    json_h = {"Content-Type": "application/json"}
    html = {"Accept": "text/html"}
    return [
        Call("bare FastAPI /healthz", "GET", "/healthz", {}, baseline="bare"),
        Call("GET /healthz", "GET", "/healthz", {}, baseline="bare", goal=0.7),
        Call("GET /api/triage/slots?days=14", "GET", "/api/triage/slots?days=14", {}, goal=0.5),
        Call("GET /book", "GET", "/book", html, goal=0.5),
        Call("POST /api/faq/answer", "POST", "/api/faq/answer", json_h,
             json.dumps({"question": "how long till i hear back after sending a referal"}), goal=0.5),
        Call("GET /faq?q=...", "GET", "/faq?q=do+you+see+dads", html, goal=0.5),
        # Not ours: the floor of any call that logs what it is asked (one validated INSERT, committed).
        Call("bare FastAPI POST /log (one INSERT)", "POST", "/log", json_h,
             json.dumps({"question": "how long till i hear back after sending a referal"})),
        Call("POST /api/referrals/readiness", "POST", "/api/referrals/readiness", json_h, json.dumps(complete()),
             goal=0.8),
        Call("GET /service", "GET", "/service", html, goal=0.5),
        Call("POST /slack/events /pimh hours (20 conn)", "POST", "/slack/events", {}, "hours", connections=20),
    ]


PACKAGES = ("consult", "booking", "faq", "bot")
STARTS = 5


def startup_seconds(env: dict[str, str], workdir: str) -> float:
    """`pimh serve` (uvicorn, one process) from launch to its first 200 from /healthz."""
    port = _free_port()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "consult.cli", "serve", "--port", str(port)], env=env, cwd=workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
        return time.perf_counter() - started
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def run(backend: str, *, seconds: float, warmup: float, workers: int, rounds: int = 1,
        only: list[str] | None = None) -> list[list[Row]]:
    """Every call measured `rounds` times, one round after another: a list of rows per round."""
    fake = FakeSlack(users={SLACK_USER: slack_user(SLACK_USER, name="Jo Pellow", email="jo.pellow@demo.nhs.net")}).start()
    with tempfile.TemporaryDirectory(prefix="pimh-wrk-") as workdir, _database(backend, workdir) as url:
        # Logged as in production: JSON, at INFO (one line per FAQ question), to a discarded stderr.
        env = {**os.environ, "DATABASE_URL": url, "RATE_LIMITS": "off", "ENVIRONMENT": "development",
               "LOG_FORMAT": "json", "SLACK_BOT_TOKEN": "xoxb-benchmark",
               "SLACK_SIGNING_SECRET": SLACK_SECRET, "SLACK_API_URL": fake.url, "SLACK_TRIAGE_CHANNEL": "C-BENCH"}
        # Only the bare app's server sees benchmarks/floor (benchmarks/ itself would shadow our packages).
        bare_env = {**env, "PYTHONPATH": str(HERE / "floor")}
        cli = [sys.executable, "-m", "consult.cli"]
        subprocess.run([*cli, "db", "upgrade"], env=env, cwd=workdir, check=True, capture_output=True)
        subprocess.run([*cli, "seed-demo"], env=env, cwd=workdir, check=True, capture_output=True)
        # As deployed: a wheel's install compiles its bytecode, but this editable checkout under
        # PYTHONDONTWRITEBYTECODE=1 would compile every module from source at each start.
        subprocess.run([sys.executable, "-m", "compileall", "-q", *(str(ROOT / p) for p in PACKAGES)], check=True)
        # Several starts: one start on a shared machine can land on a busy moment (2.1 s once, where
        # the four after it took 1.4-1.7 s); the median is the figure, the range is shown beside it.
        starts = sorted(startup_seconds(env, workdir) for _ in range(STARTS))
        ours, bare = _free_port(), _free_port()
        measured: list[list[Row]] = []
        with _serving(_gunicorn_argv("bare_fastapi:app", bare, workers), bare_env, workdir,
                      f"http://127.0.0.1:{bare}/healthz") as bare_server, \
             _serving(_gunicorn_argv("consult.app:app_factory()", ours, workers), env, workdir,
                      f"http://127.0.0.1:{ours}/healthz") as our_server:
            # Both /healthz rows always run: every other row's ratio is against one of them.
            for round_ in range(1, rounds + 1):
                rows = []
                for call in [c for c in calls() if c.baseline == "bare" or not only or any(o in c.name for o in only)]:
                    port, server = (bare, bare_server.pid) if call.name.startswith("bare") else (ours, our_server.pid)
                    rows.append(_measure(call, f"http://127.0.0.1:{port}", seconds=seconds, workdir=workdir,
                                         warmup=warmup if round_ == 1 else min(warmup, 1.0), server=server))
                    print(f"  {backend} round {round_}: {call.name}: {rows[-1].per_second:.0f} req/s", flush=True)
                measured.append(rows)
    fake.stop()
    print(f"\n{backend}: start-up (`pimh serve` to first healthy answer): median {statistics.median(starts):.2f} s "
          f"of {STARTS} starts ({', '.join(f'{s:.2f}' for s in starts)}), goal < 2 s")
    return measured


def _ratio(rows: list[Row], row: Row) -> float:
    """A row's req/s against its baseline's in the same round."""
    base = rows[0] if row.call.baseline == "bare" else rows[1]
    return row.per_second / base.per_second if base.per_second else 0.0


def table(backend: str, rounds: list[list[Row]], workers: int, seconds: float) -> str:
    """One line per call: the round whose ratio is the median (its req/s, latencies and CPU, so a
    row's figures come from one round, not always the same round as its baseline's line), and, over
    several rounds, the range of the ratio; the goal is judged on the median."""
    several = len(rounds) > 1
    lines = [f"### {backend}: gunicorn + {workers} uvicorn workers, wrk {seconds:g} s per call"
             + (f", median of {len(rounds)} rounds" if several else ""),
             "", "| call | req/s | p50 ms | p99 ms | errors | server CPU ms/req | ratio | "
             + ("ratio range | " if several else "") + "goal |",
             "|---|---|---|---|---|---|---|" + ("---|" if several else "") + "---|"]
    for n, call in enumerate(r.call for r in rounds[0]):
        # rows[0], the bare app's /healthz, is its own baseline (_ratio), so its ratio is always 1:
        # its median round is the one with the median req/s.
        by_ratio = sorted(((_ratio(rows, rows[n]), rows[n]) for rows in rounds),
                          key=lambda pair: pair[1].per_second if n == 0 else pair[0])
        ratio, row = by_ratio[(len(by_ratio) - 1) // 2]  # the lower median: an even count does not flatter
        against = "bare" if call.baseline == "bare" else "/healthz"
        goal = f">= {call.goal}x ({'met' if ratio >= call.goal else 'NOT met'})" if call.goal else ""
        if call.path == "/slack/events":
            worst = max(r.p99_ms for _, r in by_ratio)
            goal = f"p99 < 300 ms ({'met' if worst < 300 else 'NOT met'}{', worst round' if several else ''})"
            row = max((r for _, r in by_ratio), key=lambda r: r.p99_ms)
        cpu = f"{row.cpu_ms:.2f}" if row.cpu_ms is not None else ""
        spread = f"{by_ratio[0][0]:.2f}-{by_ratio[-1][0]:.2f} | " if several else ""
        lines.append(f"| {call.name} | {row.per_second:,.0f} | {row.p50_ms:.1f} | {row.p99_ms:.1f} | "
                     f"{row.errors} | {cpu} | {ratio:.2f}x {against} | {spread}{goal} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s per call, 1 s warm-up, SQLite only")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every call this many times, round after round; the median is reported")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
    parser.add_argument("--only", action="append", help="measure only calls whose name contains this (repeatable)")
    args = parser.parse_args()
    seconds, warmup = (3.0, 1.0) if args.quick else (args.seconds, 2.0)
    backends = ["sqlite"] if args.quick and args.backend == "both" else (
        ["sqlite", "postgres"] if args.backend == "both" else [args.backend])
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    tables = [table(b, run(b, seconds=seconds, warmup=warmup, workers=args.workers, rounds=args.rounds, only=args.only),
                    args.workers, seconds) for b in backends]
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}\n")
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
