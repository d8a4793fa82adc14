"""Scheduled jobs, declared with a name and a trigger and run by name (worker or `pimh jobs run`).

Every job opens its own unit of work and must be idempotent: it acts on the state it finds
(e.g. "overdue and not yet escalated"), so a second run, or a run after a restart, repeats nothing.
A job is made with `@scheduled(...)` and listed in its domain's contract (`jobs=(...)`); the
worker runs the jobs of the installed contracts.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    func: Callable[[], Any]
    description: str
    # APScheduler trigger: ("cron", {...}) or ("interval", {...}); times are Europe/London.
    trigger: tuple[str, dict[str, Any]] = field(default=("interval", {"minutes": 15}))

    def __call__(self) -> Any:
        return self.func()


def scheduled(name: str, *, description: str, cron: dict[str, Any] | None = None,
              minutes: int | None = None) -> Callable[[Callable[[], Any]], ScheduledJob]:
    """Declare a job: `@scheduled("escalate", description=..., cron={"minute": "*/15"})`; the result is
    still callable as the function, and is what the domain lists in its contract."""
    trigger = ("cron", cron) if cron is not None else ("interval", {"minutes": minutes or 15})

    def make(func: Callable[[], Any]) -> ScheduledJob:
        return ScheduledJob(name=name, func=func, description=description, trigger=trigger)

    return make


def load_jobs() -> dict[str, ScheduledJob]:
    """Every job of the installed contracts, by name."""
    from consult.contract import installed

    return installed().jobs


def run_job(name: str) -> Any:
    """Run one job by name; the persistent job store refers to jobs through this function."""
    jobs = load_jobs()
    if name not in jobs:
        raise KeyError(f"no scheduled job named {name!r}; known: {', '.join(sorted(jobs)) or 'none'}")
    return jobs[name].func()
