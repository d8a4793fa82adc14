"""Readiness checks per second against /healthz in the same run.

Usage: python benchmarks/readiness.py

Three bodies: a complete draft (every rule runs and passes), a draft with most problems
(every message and the guidance are built), and a wrong-typed body (422 from validation).
The check touches no database, so it should keep pace with /healthz, which does one query."""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from harness import measure, report, running_service

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.readiness.helpers import complete  # noqa: E402  (the invented draft the tests use)

URL = "/api/referrals/readiness"
MANY_PROBLEMS = complete({
    "referrer.source": "self", "consent.informed_consent_to_referral": False, "parent.nhs_number": "999 000 0019",
    "parent.district": "Medway", "infant.date_of_birth": "2020-01-01", "concerns": [], "description": "too short",
    "safeguarding.concerns": True, "screening.phq9.total": 30, "screening.phq9.item9": 2,
})
WRONG_TYPES = complete({"screening.phq9.total": "nine"})



def in_process(body: dict, *, seconds: float = 2.0) -> float:
    """Checks per second of the rules alone (validation + rules + guidance, no HTTP), one thread."""
    import structlog

    from consult.profiles import load_profile
    from consult.readiness.schemas import ReadinessRequest
    from consult.readiness.service import check_referral

    structlog.configure(logger_factory=structlog.ReturnLoggerFactory())  # measure the rules, not the terminal
    profile, count, stop = load_profile("kent"), 0, time.perf_counter() + seconds
    started = time.perf_counter()
    while time.perf_counter() < stop:
        check_referral(referral=ReadinessRequest.model_validate(body), profile=profile, as_of=date(2026, 11, 23))
        count += 1
    return count / (time.perf_counter() - started)


if __name__ == "__main__":
    for name, body in (("complete draft", complete()), ("9 problems", MANY_PROBLEMS)):
        print(f"in process, {name}: {in_process(body):,.0f} checks/s")
    with running_service(seed=False) as service:
        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        ready = measure("readiness: complete draft", service, lambda c: c.post(URL, json=complete()),
                        ok=lambda r: r.status_code == 200 and r.json()["ready"])
        problems = measure("readiness: 9 problems", service, lambda c: c.post(URL, json=MANY_PROBLEMS),
                           ok=lambda r: r.status_code == 200 and not r.json()["ready"])
        invalid = measure("readiness: wrong types (422)", service, lambda c: c.post(URL, json=WRONG_TYPES),
                          ok=lambda r: r.status_code == 422)
        report([base, ready, problems, invalid], baseline=base)
