"""Training and supervision calls per second against /healthz in the same run.

Usage: python benchmarks/workforce.py

On the demo data (12 groups with a year of sessions, three courses): the course list, the
supervision group list, a year of workforce figures (SQL aggregates), and a contended
book-then-cancel cycle: 8 practitioners competing for 3 places, so every request takes the
course row's lock and many cancellations promote someone from the waiting list. After the run
the script checks that the database still holds no more booked places than the capacity.
"""
from __future__ import annotations

import itertools
import threading

import httpx
from harness import measure, report, running_service

CYCLERS = 8

if __name__ == "__main__":
    with running_service() as service:
        manager = {"Authorization": f"Bearer {service.cli('token', 'create', '--role', 'manager', '--name', 'Bench Manager', '--email', 'bench.manager@nhs.net')}"}  # noqa: E501
        clinician = {"Authorization": f"Bearer {service.cli('token', 'create', '--role', 'clinician', '--name', 'Bench Clinician', '--email', 'bench.clinician@nhs.net')}"}  # noqa: E501
        delegates = [{"Authorization": f"Bearer {service.cli('token', 'create', '--role', 'practitioner', '--name', f'Bench Delegate {i}', '--email', f'bench.delegate{i}@nhs.net')}"}  # noqa: E501
                     for i in range(CYCLERS)]
        course = httpx.post(f"{service.base_url}/api/training/courses", headers=manager, json={
            "title": "Benchmark course", "capacity": 3, "sessions": [
                {"start": "2027-06-02T09:30:00+01:00", "end": "2027-06-02T16:30:00+01:00", "venue": "Bench venue"}]}).json()
        slots = itertools.count()
        local = threading.local()

        def cycle(client: httpx.Client) -> httpx.Response:
            # Each client thread is one delegate: book a place (or the waiting list), then give it up.
            if not hasattr(local, "headers"):
                local.headers = delegates[next(slots) % CYCLERS]
            booked = client.post(f"/api/training/courses/{course['id']}/bookings", headers=local.headers)
            if booked.status_code != 201:
                return booked
            return client.post(f"/api/training/bookings/{booked.json()['reference']}/cancel", headers=local.headers)

        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        results = [
            base,
            measure("GET /api/training/courses", service, lambda c: c.get("/api/training/courses", headers=clinician)),
            measure("GET /api/supervision/groups", service, lambda c: c.get("/api/supervision/groups", headers=clinician)),
            measure("GET /api/workforce/figures (1 yr)", service,
                    lambda c: c.get("/api/workforce/figures?start=2025-11-01&end=2026-11-01", headers=manager)),
            measure("book + cancel (3 places, 8 racing)", service, cycle, concurrency=CYCLERS, warmup=0),
        ]
        report(results, baseline=base)
        after = httpx.get(f"{service.base_url}/api/training/courses", headers=clinician).json()["courses"]
        bench = next(c for c in after if c["id"] == course["id"])
        print(f"after the race: {bench['booked']} booked of capacity {bench['capacity']}, {bench['waiting_list']} waiting")
        assert bench["booked"] <= bench["capacity"], "more booked places than the capacity"
