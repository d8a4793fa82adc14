"""`pimh worker`: runs the scheduled jobs with a persistent job store, one leader at a time."""
from __future__ import annotations

import os
import signal
import socket
import threading
from datetime import timedelta
from typing import Any

import structlog
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

import consult.domains  # noqa: F401  (the composition root: the jobs of every domain contract)
from consult.clock import LONDON
from consult.core import lease
from consult.db import get_engine, session_scope
from consult.jobs import load_jobs
from consult.settings import Settings

log = structlog.get_logger(__name__)
LEASE_NAME = "scheduler"


def build_scheduler(settings: Settings) -> BackgroundScheduler:
    jobstore = SQLAlchemyJobStore(engine=get_engine(), tablename="apscheduler_jobs")
    scheduler = BackgroundScheduler(
        jobstores={"default": jobstore},
        timezone=LONDON,
        # A run missed while no worker was up (restart, database outage) still happens once.
        job_defaults={"coalesce": True, "misfire_grace_time": 6 * 3600, "max_instances": 1},
    )
    return scheduler


def start_scheduler(scheduler: BackgroundScheduler) -> None:
    """Start with the jobs as stored, adding or replacing only those whose schedule changed.

    Replacing every job on start would recompute its next run from "now", so a run that fell
    due while no worker was up (a restart, a database outage) would silently be skipped. Kept
    as stored, it is overdue, and APScheduler runs it once (coalesce, misfire grace time).
    """
    scheduler.start(paused=True)
    for job in load_jobs().values():
        kind, args = job.trigger
        stored = scheduler.get_job(job.name)
        if stored is not None and str(stored.trigger) == str(_trigger(kind, args)) and stored.args == (job.name,):
            continue
        scheduler.add_job(
            "consult.jobs:run_job", kind, args=[job.name], id=job.name, name=job.description,
            replace_existing=True, **args,
        )
    scheduler.resume()


def _trigger(kind: str, args: dict[str, Any]) -> BaseTrigger:
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    return CronTrigger(timezone=LONDON, **args) if kind == "cron" else IntervalTrigger(timezone=LONDON, **args)


class Worker:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.ttl = timedelta(seconds=settings.worker_heartbeat_seconds * 3)
        self.scheduler: BackgroundScheduler | None = None
        self.stopping = threading.Event()

    def heartbeat(self) -> bool:
        """Claim or renew the lease; start or stop running jobs to match. Returns leadership."""
        try:
            with session_scope() as db:
                leader = lease.try_acquire(db=db, name=LEASE_NAME, holder=self.holder, ttl=self.ttl)
        except Exception as exc:  # database down: stop running jobs until it is back
            log.warning("worker_lease_unavailable", error_type=type(exc).__name__)
            leader = False
        if leader and self.scheduler is None:
            log.info("worker_leading", holder=self.holder)
            self.scheduler = build_scheduler(self.settings)
            start_scheduler(self.scheduler)
        elif not leader and self.scheduler is not None:
            log.info("worker_standing_by", holder=self.holder)
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        return leader

    def run_forever(self) -> None:
        signal.signal(signal.SIGTERM, lambda *_: self.stopping.set())
        signal.signal(signal.SIGINT, lambda *_: self.stopping.set())
        log.info("worker_started", holder=self.holder, jobs=sorted(load_jobs()))
        while not self.stopping.is_set():
            self.heartbeat()
            self.stopping.wait(self.settings.worker_heartbeat_seconds)
        self.stop()

    def stop(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        try:
            with session_scope() as db:
                lease.release(db=db, name=LEASE_NAME, holder=self.holder)
        except Exception:
            pass
        log.info("worker_stopped", holder=self.holder)
