"""POST /api/faq/answer over HTTP against /healthz in the same run (each question is also logged
to the database). Usage: python benchmarks/faq_answer.py"""
from __future__ import annotations

import itertools

from harness import measure, report, running_service

QUESTIONS = itertools.cycle([
    "how long till i hear back after sending a referal", "r u open on bank hols", "do u have bsl",
    "What is the capital of France?", "difference between pnmh and pimhs", "can a mum refer herself",
])

if __name__ == "__main__":
    with running_service(seed=False) as service:
        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        faq = measure("POST /api/faq/answer", service,
                      lambda c: c.post("/api/faq/answer", json={"question": next(QUESTIONS)}))
        report([base, faq], baseline=base)
