"""Consultation requests: creating and listing them per second, compared with /healthz in the same run.

Usage: python benchmarks/consultations.py [--history N]
The service runs on the demo data (`pimh seed-demo`: a few hundred past consultations); with
`--history N` it first loads N more consultations of history with `pimh seed-demo --consultations N`
and prints how long that took, so listing is measured against a realistic table size.
Creating a request runs the whole path: validation and the identifier check, the working-day
clocks, the reference counter, the encrypted summary, the timeline, offering it to the
least-loaded duty clinician and queueing the notices, in one transaction.
"""
from __future__ import annotations

import argparse
import itertools
import time

import httpx
from harness import measure, report, running_service

REQUEST = {
    "practitioner": {"name": "Bench Mark", "email": "bench.mark@nhs.net", "role": "Health visitor",
                     "organisation": "Community health trust", "district": "Thanet"},
    "channel": "web",
    "question": "Benchmark request: a mother of a young baby feels detached and goes through the motions of care.",
    "concerns": ["not_bonding"], "district": "Thanet", "infant_age_months": 3, "urgency": "routine",
    "preferred_contact": "chat",
}


def _token(service, role: str, name: str, email: str) -> dict[str, str]:
    token = service.cli("token", "create", "--role", role, "--name", name, "--email", email).splitlines()[-1]
    return {"Authorization": f"Bearer {token}"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=0, help="extra consultations of history to load first")
    args = parser.parse_args()
    with running_service(seed=True) as service:
        if args.history:
            started = time.perf_counter()
            service.cli("seed-demo", "--consultations", str(args.history))
            print(f"pimh seed-demo --consultations {args.history}: {time.perf_counter() - started:.1f} s "
                  "(whole command: every package's seeder, then the history)")
        practitioner = _token(service, "practitioner", "Bench Mark", "bench.mark@nhs.net")
        clinician = _token(service, "clinician", "Bench Clinician", "bench.clinician@nhs.net")
        manager = _token(service, "manager", "Bench Manager", "bench.manager@nhs.net")
        made = httpx.post(f"{service.base_url}/api/consultations", json=REQUEST, headers=practitioner).json()
        references = itertools.cycle([made["reference"]])

        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        create = measure("POST /api/consultations", service,
                         lambda c: c.post("/api/consultations", json=REQUEST, headers=practitioner),
                         ok=lambda r: r.status_code == 201)
        own = measure("GET own list (practitioner)", service, lambda c: c.get("/api/consultations", headers=practitioner))
        queue = measure("GET /api/consultations/queue", service,
                        lambda c: c.get("/api/consultations/queue", headers=clinician))
        everything = measure("GET list, newest 100 (manager)", service,
                             lambda c: c.get("/api/consultations", headers=manager))
        district = measure("GET ?district=Thanet (manager)", service,
                           lambda c: c.get("/api/consultations?district=Thanet", headers=manager))
        one = measure("GET /api/consultations/{ref}", service,
                      lambda c: c.get(f"/api/consultations/{next(references)}", headers=clinician))
        report([base, create, own, queue, everything, district, one], baseline=base)
