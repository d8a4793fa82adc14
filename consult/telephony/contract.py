"""What the telephone line contributes: the provider's webhooks, the calls API and pages, call-backs
and calls ringing now in the clinicians' queue, the job that settles calls whose status callback
was lost, the demo history of calls, its figures and series, retention and subject access."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.telephony import demo, figures, jobs, models, pages, privacy, queue, routes, series, webhooks

CONTRACT = DomainContract(
    name="telephony",
    routers=(webhooks.router, routes.router, pages.router),
    models=(models,),
    jobs=(jobs.reconcile_job,),
    seeder=demo.seed,
    seed_after=("core", "consultations"),
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),  # before accounts: it finds a person's calls through their account
    figures=(figures.call_figures,),
    series=(series.call_series,),
    queue=(queue.SOURCE,),
    templates=Path(__file__).parent / "templates",
)
