"""Scheduled jobs, declared with a name and a trigger and run by name (worker or `pimh jobs run`).

Every job opens its own unit of work and must be idempotent: it acts on the state it finds
(e.g. "overdue and not yet escalated"), so a second run, or a run after a restart, repeats nothing.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Modules that declare jobs; the worker imports them all. Later packages add theirs here.
JOB_MODULES: list[str] = ["consult.privacy.jobs", "consult.workforce.jobs", "consult.consultations.jobs", "booking.jobs", "consult.telephony.jobs"]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func: Callable[[], Any]
    description: str
    # APScheduler trigger: ("cron", {...}) or ("interval", {...}); times are Europe/London.
    trigger: tuple[str, dict[str, Any]] = field(default=("interval", {"minutes": 15}))


REGISTRY: dict[str, ScheduledJob] = {}


def scheduled(name: str, *, description: str, cron: dict[str, Any] | None = None, minutes: int | None = None):
    """Declare a job: `@scheduled("escalate", description=..., cron={"minute": "*/15"})`."""
    trigger = ("cron", cron) if cron is not None else ("interval", {"minutes": minutes or 15})

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        REGISTRY[name] = ScheduledJob(name=name, func=func, description=description, trigger=trigger)
        return func

    return register


def load_jobs() -> dict[str, ScheduledJob]:
    for module in JOB_MODULES:
        importlib.import_module(module)
    return REGISTRY


def run_job(name: str) -> Any:
    """Run one job by name; the persistent job store refers to jobs through this function."""
    jobs = load_jobs()
    if name not in jobs:
        raise KeyError(f"no scheduled job named {name!r}; known: {', '.join(sorted(jobs)) or 'none'}")
    return jobs[name].func()
