"""Referrals: sending one, reading one, and the practitioner's list, against /healthz in the same run.

Usage: python benchmarks/referrals.py [--seconds 5]
SQLite by default; with BENCH_DATABASE_URL=postgresql://... a fresh database on that server
(created and dropped here, as benchmarks/reporting.py does).

1. Migrate, then run every demo seeder in this process as `pimh seed-demo` would, timing each:
   the referral part walks 42 invented referrals through the service with the clock moved.
2. Serve that database (harness.py) and measure over HTTP: POST /api/referrals (a clean invented
   referral: the readiness rules, the reference counter, ~15 encrypted fields and two blind
   indexes, three consent records, two timeline events, an audit row, two notices); GET one as a
   clinician (every field decrypted, and an audit row written for the read) and as the referrer
   (masked, no audit); the practitioner's list before and after the create run (the newest 200 at most).
3. In process, one thread, the pieces: one field's encryption and decryption, the readiness
   rules, a whole submit, an audited clinician read against the referrer's unaudited one (the
   difference is the audit row), the referrer's list of 200.
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
from datetime import date, timedelta
from pathlib import Path

import httpx
from harness import measure, report, running_service

# The fresh-PostgreSQL helper and the longer start-up wait (the FAQ index) come with reporting.py.
from reporting import _fresh_postgres

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.referrals.helpers import body  # noqa: E402  (the invented family the tests use)

BASE_ENV = {"RATE_LIMITS": "off", "ENVIRONMENT": "development", "LOG_FORMAT": "json"}


def referral_body() -> dict:
    """The tests' clean referral with the baby's age kept inside the service's range on any day."""
    return body({"infant.date_of_birth": (date.today() - timedelta(days=200)).isoformat()})


def _use_database(url: str) -> None:
    import structlog

    os.environ.update({**BASE_ENV, "DATABASE_URL": url})
    from consult.db import dispose_engines
    from consult.settings import reset_settings_cache

    reset_settings_cache()
    dispose_engines()
    structlog.configure(logger_factory=structlog.ReturnLoggerFactory())  # time the work, not the terminal


def seed_timed() -> dict[str, float]:
    """Every seeder of `pimh seed-demo`, in its order, each committed, seconds (wall) each."""
    import consult.domains  # noqa: F401  (installs every domain's seeder)
    from consult.db import session_scope
    from consult.seeding import SeedOptions, seeders

    seconds = {}
    for name, seed in seeders():
        started = time.perf_counter()
        with session_scope() as db:
            print(f"  {seed(db, SeedOptions())}")
        seconds[name] = time.perf_counter() - started
    return seconds


def _median_ms(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def pieces(practitioner_email: str, clinician_email: str, reference: str, runs: int = 30) -> dict[str, float]:
    """Median ms of each piece in this process (one thread, each in its own committed session)."""
    from sqlalchemy import select

    from consult.auth.models import User
    from consult.db import session_scope
    from consult.privacy import crypto
    from consult.profiles import active_profile
    from consult.readiness.schemas import Referral as ReferralBody
    from consult.readiness.service import check_referral
    from consult.referrals import service, views

    parsed = ReferralBody.model_validate(referral_body())

    def user(db, email):
        return db.scalar(select(User).where(User.email == email))

    def submit():
        with session_scope() as db:
            service.submit(db=db, body=parsed, practitioner=user(db, practitioner_email), channel="api")

    def read():
        with session_scope() as db:
            referral, _full = service.view(db=db, reference=reference, viewer=user(db, clinician_email))
            views.full(referral, referral.received_at)

    def masked_read():
        with session_scope() as db:
            referral, _full = service.view(db=db, reference=reference, viewer=user(db, practitioner_email))
            views.masked(referral, referral.received_at)

    def own_list() -> int:
        with session_scope() as db:
            rows = service.list_for_viewer(db=db, viewer=user(db, practitioner_email))
            return len([views.masked(r, r.received_at) for r in rows])

    token = crypto.encrypt("999 000 0018")
    return {
        "encrypt one field (µs)": _median_ms(lambda: [crypto.encrypt("999 000 0018") for _ in range(100)], 20) * 10,
        "decrypt one field (µs)": _median_ms(lambda: [crypto.decrypt(token) for _ in range(100)], 20) * 10,
        "  of which deriving the keys again (µs)": _median_ms(lambda: [crypto.configured_keys() for _ in range(100)], 20) * 10,
        "readiness rules (body already parsed)": _median_ms(lambda: check_referral(referral=parsed, profile=active_profile(),
                                                             as_of=date.today()), runs),
        "submit (committed)": _median_ms(submit, runs),
        "clinician read, audited (committed)": _median_ms(read, runs),
        "referrer read, masked, no audit (committed)": _median_ms(masked_read, runs),
        f"referrer's list of {own_list()}, masked": _median_ms(own_list, max(5, runs // 3)),
    }


def run(seconds: float) -> None:
    workdir = tempfile.mkdtemp(prefix="pimh-bench-referrals-")
    url, drop = f"sqlite:///{workdir}/bench.db", None
    if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres"):
        url, drop = _fresh_postgres(os.environ["BENCH_DATABASE_URL"], "referrals")
    try:
        env = {**os.environ, **BASE_ENV, "DATABASE_URL": url}
        subprocess.run([sys.executable, "-m", "consult.cli", "db", "upgrade"], env=env, cwd=workdir, check=True,
                       capture_output=True)
        _use_database(url)
        print("pimh seed-demo, each seeder in process:")
        for name, spent in seed_timed().items():
            print(f"  {name:28} {spent:6.2f} s")
        with running_service(seed=False, env={"DATABASE_URL": url}) as service:
            def token(role: str, email: str) -> dict[str, str]:
                made = service.cli("token", "create", "--role", role, "--name", f"Bench {role}", "--email", email)
                return {"Authorization": f"Bearer {made.splitlines()[-1]}"}

            practitioner = token("practitioner", "bench.practitioner@nhs.net")
            clinician = token("clinician", "bench.clinician@nhs.net")
            one = [send(service, practitioner) for _ in range(10)][0]
            base = measure("GET /healthz", service, lambda c: c.get("/healthz"), seconds=seconds)
            read = measure("GET one (clinician: audited)", service,
                           lambda c: c.get(f"/api/referrals/{one}", headers=clinician), seconds=seconds)
            masked = measure("GET one (referrer: masked)", service,
                             lambda c: c.get(f"/api/referrals/{one}", headers=practitioner), seconds=seconds)
            small = measure("GET list (practitioner, ~10)", service,
                            lambda c: c.get("/api/referrals", headers=practitioner), seconds=seconds, warmup=5)
            create = measure("POST /api/referrals", service,
                             lambda c: c.post("/api/referrals", json=referral_body(), headers=practitioner),
                             ok=lambda r: r.status_code == 201, seconds=seconds, warmup=0)
            listed = len(httpx.get(f"{service.base_url}/api/referrals", headers=practitioner).json()["referrals"])
            full = measure(f"GET list (practitioner, {listed})", service,
                           lambda c: c.get("/api/referrals", headers=practitioner), seconds=seconds, warmup=5)
            base_after = measure("GET /healthz (again)", service, lambda c: c.get("/healthz"), seconds=seconds)
            report([base, read, masked, small, create, full, base_after], baseline=base)
            # /healthz itself moves by 2x within a run on a shared machine: give both ratios.
            for r in (read, masked, small, create, full):
                print(f"  {r.name:32} {r.per_second / base.per_second:.2f}x / {r.per_second / base_after.per_second:.2f}x"
                      " of /healthz before / after")
        print("\nIn process, one thread, median ms:")
        for name, ms in pieces("bench.practitioner@nhs.net", "bench.clinician@nhs.net", one).items():
            print(f"  {name:44} {ms:8.2f}")
    finally:
        from consult.db import dispose_engines

        dispose_engines()
        shutil.rmtree(workdir, ignore_errors=True)
        if drop:
            drop()


def send(service, practitioner: dict[str, str]) -> str:
    response = httpx.post(f"{service.base_url}/api/referrals", json=referral_body(), headers=practitioner, timeout=30)
    response.raise_for_status()
    return response.json()["reference"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0, help="how long each call is driven")
    args = parser.parse_args()
    dialect = "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"{dialect}; load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    run(args.seconds)
    print(f"load average after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
