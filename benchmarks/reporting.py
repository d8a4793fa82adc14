"""The quarterly return and the dashboard at 1k, 10k and 100k consultations.

Usage: python benchmarks/reporting.py [--sizes 1000,10000,100000]
SQLite by default; with BENCH_DATABASE_URL=postgresql://... each size gets its own fresh
database on that server (created and dropped here).

For each size it times `pimh seed-demo --consultations N` (the demo history, ~18 months), then
in this process the quarterly figures (2026Q3) and the 12-month dashboard (SQL plus charts),
median of several runs, and over HTTP GET /api/reports/quarterly against GET /healthz in the
same run (harness.py). Report time should grow with the rows in one quarter, not the table.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import harness
from harness import measure, report, running_service

# Start-up builds the FAQ index; on a machine shared with other work that can take longer than
# the harness's 30 s, and a late start says nothing about the report, so wait longer.
harness._wait_until_up.__defaults__ = (240,)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _fresh_postgres(base_url: str, size: int) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    admin_url = base_url.rsplit("/", 1)[0] + "/postgres"
    name = f"pimh_bench_reporting_{size}"
    engine = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()

    return base_url.rsplit("/", 1)[0] + f"/{name}", drop


def _in_process(url: str, runs: int = 5) -> tuple[float, float, float, int]:
    """(quarterly ms, quarterly CPU ms, dashboard ms, consultations in the quarter), medians over
    `runs`. CPU time counts this process only: on SQLite that is all the work (the database runs
    in-process), so it stays honest when other work on a shared machine inflates wall time."""
    os.environ["DATABASE_URL"] = url
    import consult.domains  # noqa: F401  (installs every domain's figures)
    from consult.db import dispose_engines, session_scope
    from consult.reporting import dashboard
    from consult.reporting.figures import quarterly_report
    from consult.reporting.periods import date_range, quarter
    from consult.settings import reset_settings_cache

    reset_settings_cache()
    dispose_engines()
    quarterly, cpu, board = [], [], []
    with session_scope() as db:
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            figures = quarterly_report(db=db, period=quarter("2026Q3"))
            quarterly.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        for _ in range(max(2, runs // 2)):
            started = time.perf_counter()
            dashboard.build(db=db, period=date_range(date(2025, 12, 1), date(2026, 11, 23)))
            board.append((time.perf_counter() - started) * 1000)
    dispose_engines()
    return statistics.median(quarterly), statistics.median(cpu), statistics.median(board), figures["consultations"]


def run(size: int) -> dict:
    drop = None
    workdir = tempfile.mkdtemp(prefix="pimh-bench-reporting-")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir}/bench.db", "RATE_LIMITS": "off",
           "ENVIRONMENT": "development", "LOG_FORMAT": "json"}
    if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"], drop = _fresh_postgres(os.environ["BENCH_DATABASE_URL"], size)
    try:
        cli = [sys.executable, "-m", "consult.cli"]
        subprocess.run([*cli, "db", "upgrade"], env=env, cwd=workdir, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([*cli, "seed-demo", "--consultations", str(size)], env=env, cwd=workdir, check=True,
                       capture_output=True)
        seed_seconds = time.perf_counter() - started
        token = subprocess.run([*cli, "token", "create", "--role", "manager", "--name", "Bench Manager"], env=env,
                               cwd=workdir, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        headers = {"Authorization": f"Bearer {token}"}
        quarterly_ms, quarterly_cpu_ms, dashboard_ms, in_quarter = _in_process(env["DATABASE_URL"])
        for attempt in range(3):
            try:
                with running_service(seed=False, env={"DATABASE_URL": env["DATABASE_URL"]}) as service:
                    base = measure("GET /healthz", service, lambda c: c.get("/healthz"), seconds=3, concurrency=4,
                                   warmup=5)
                    api = measure(f"GET /api/reports/quarterly ({size:,})", service,
                                  lambda c: c.get("/api/reports/quarterly?quarter=2026Q3", headers=headers),
                                  seconds=4, concurrency=4, warmup=3)
                    report([base, api], baseline=base)
                break
            except RuntimeError:  # a loaded machine can miss the harness's start-up deadline
                if attempt == 2:
                    raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if drop:
            drop()
    return {"size": size, "seed_s": seed_seconds, "in_quarter": in_quarter, "quarterly_ms": quarterly_ms,
            "quarterly_cpu_ms": quarterly_cpu_ms,
            "dashboard_ms": dashboard_ms, "api_p50": api.percentile(50), "api_rps": api.per_second,
            "ratio": api.per_second / base.per_second if base.per_second else 0.0}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    dialect = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres") else "SQLite"
    rows = [run(size) for size in sizes]
    print(f"\n{dialect}: consultations, seed-demo s, in 2026Q3, quarterly ms (in process), its CPU ms, dashboard ms, "
          f"API p50 ms, API req/s, vs /healthz, quarterly ms per 1k rows in the quarter")
    for r in rows:
        per_k = r["quarterly_ms"] / max(1, r["in_quarter"]) * 1000
        print(f"| {r['size']:,} | {r['seed_s']:.1f} | {r['in_quarter']:,} | {r['quarterly_ms']:.0f} | "
              f"{r['quarterly_cpu_ms']:.0f} | "
              f"{r['dashboard_ms']:.0f} | {r['api_p50']:.0f} | {r['api_rps']:.1f} | {r['ratio']:.2f}x | {per_k:.1f} |")
