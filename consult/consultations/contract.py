"""What consultations contribute: requests, the clinicians' queue page, the duty rota, escalations
and the digest, the demo history, retention and subject access, and to the reports their figures,
month-by-month series and the pseudonymised consultation log."""
from __future__ import annotations

from pathlib import Path

from consult.consultations import (
    demo,
    home,
    jobs,
    models,
    pages,
    privacy,
    report_figures,
    report_log,
    retention,
    rota_pages,
    routes,
)
from consult.contract import DomainContract

CONTRACT = DomainContract(
    name="consultations",
    routers=(routes.router, pages.router, rota_pages.router),
    models=(models,),
    jobs=(jobs.escalate_job, jobs.digest_job),
    seeder=demo.seed,
    seed_after=("core",),
    purgers=(retention.PURGER,),
    subject_access=(privacy.SOURCE,),
    figures=(report_figures.consultation_figures,),
    series=(report_figures.consultation_series,),
    record_logs=(report_log.LOG,),
    home=(home.my_requests, home.claimed_by_me, home.due_in_the_queue, home.overdue_counts),
    templates=Path(__file__).parent / "templates",
)
