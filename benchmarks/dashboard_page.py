"""The dashboard page: its weight and the time to answer it, in process.

Usage: DATABASE_URL=sqlite:////tmp/pimh-demo.db python benchmarks/dashboard_page.py [--runs 7]
against a database loaded by `pimh seed-demo` (the default demo history). It signs in as the demo
manager through the real sign-in form (FastAPI's TestClient, no network), then GETs
/reports/dashboard (the last twelve months) `runs` times and prints the page's bytes, the median
wall time and the median CPU time of this process. On SQLite the database works inside this
process, so the CPU time is the whole cost and stays honest on a machine shared with other work,
where wall time is inflated by waiting for a core.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MANAGER = ("helen.marsh@pimhs.demo.nhs.net", "demo-password-2026")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    import consult.domains  # noqa: F401  (installs every domain)
    from consult.app import app_factory

    client = TestClient(app_factory())
    form = client.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    signed_in = client.post("/signin", data={"csrf_token": token, "email": MANAGER[0], "password": MANAGER[1]},
                            follow_redirects=False)
    assert signed_in.status_code in (302, 303), signed_in.status_code
    client.get("/reports/dashboard")  # warm: templates compiled, FAQ index built
    walls, cpus, size = [], [], 0
    for _ in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        page = client.get("/reports/dashboard")
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert page.status_code == 200
        size = len(page.content)
    print(f"dashboard page: {size / 1024:.0f} KiB, median {statistics.median(walls):.0f} ms wall, "
          f"{statistics.median(cpus):.0f} ms CPU over {args.runs} runs")


if __name__ == "__main__":
    main()
