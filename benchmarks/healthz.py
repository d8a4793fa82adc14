"""Baseline: /healthz alone. Usage: python benchmarks/healthz.py"""
from __future__ import annotations

from harness import measure, report, running_service

if __name__ == "__main__":
    with running_service(seed=False) as service:
        base = measure("GET /healthz", service, lambda c: c.get("/healthz"))
        report([base], baseline=base)
