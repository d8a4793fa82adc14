"""What consultations contribute: requests, the clinicians' queue page, the duty rota, escalations
and the digest, the demo history, retention and subject access."""
from __future__ import annotations

from pathlib import Path

from consult.consultations import demo, jobs, models, pages, privacy, retention, rota_pages, routes
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
    templates=Path(__file__).parent / "templates",
)
