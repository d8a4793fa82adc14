"""Triage booking: slot listing and bookings per second, each compared with /healthz in the same run.

Usage: python benchmarks/booking.py
The service runs with the demo rota (`pimh seed-demo`), so slot listing generates the real
four clinicians' slots for two weeks. Booking uses a different free slot per request (the
pool of free slots across the 28-day horizon), and a contended run sends every request at one
slot to time the 409 path that the database's unique index decides.
"""
from __future__ import annotations

import threading

from harness import measure, report, running_service

PRACTITIONER = {"name": "Bench Mark", "email": "bench.mark@nhs.net", "phone": "01632 960000",
                "role": "Health visitor", "organisation": "Trust", "district": "Thanet"}
SUMMARY = "Benchmark booking: a parent finding it hard to bond with a young baby; next steps wanted."


def _booking(slot: dict) -> dict:
    method = "video" if "video" in slot["methods"] else slot["methods"][0]
    return {"slot_id": slot["id"], "method": method, "practitioner": PRACTITIONER, "summary": SUMMARY,
            "consent_confirmed": True}


if __name__ == "__main__":
    with running_service(seed=True) as service:
        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        slots14 = measure("GET /api/triage/slots (14 days)", service, lambda c: c.get("/api/triage/slots?days=14"))
        slots_video = measure("GET slots?method=video (28 d)", service,
                              lambda c: c.get("/api/triage/slots?days=28&method=video"))

        import httpx

        free = httpx.get(f"{service.base_url}/api/triage/slots?days=29", timeout=30).json()["slots"]
        warm, pool = free[:20], free[20:]
        lock, position = threading.Lock(), iter(range(len(pool)))
        warm_iter = iter(warm)

        def book_next(client: httpx.Client) -> httpx.Response:
            with lock:
                index = next(position, None)
            if index is None:  # pool exhausted: counted as an error, and reported
                return httpx.Response(599)
            return client.post("/api/triage/bookings", json=_booking(pool[index]))

        def book_warmup(client: httpx.Client) -> httpx.Response:
            return client.post("/api/triage/bookings", json=_booking(next(warm_iter)))

        # measure() warms up with the same call; point it at the warm-up slots first.
        for _ in range(len(warm)):
            with httpx.Client(base_url=service.base_url) as c:
                book_warmup(c)
        bookings = measure("POST /api/triage/bookings", service, book_next, seconds=3, warmup=0,
                           ok=lambda r: r.status_code == 201)
        target = pool[-1]
        contended = measure("POST booking, one slot (409s)", service,
                            lambda c: c.post("/api/triage/bookings", json=_booking(target)), warmup=0,
                            ok=lambda r: r.status_code in (201, 409))
        report([base, slots14, slots_video, bookings, contended], baseline=base)
        print(f"free slots in the 28-day pool at start: {len(free)}; booked in the timed run: "
              f"{bookings.requests - bookings.errors}")
