"""What workforce development contributes: supervision groups, training courses, their reminders,
report figures, the demo programme, retention of free text and subject access."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.workforce import demo, figures, jobs, manage_pages, models, pages, privacy, routes

CONTRACT = DomainContract(
    name="workforce",
    routers=(routes.router, pages.router, manage_pages.router),
    models=(models,),
    jobs=(jobs.schedule_supervision, jobs.reminders),
    seeder=demo.seed,
    seed_after=("core", "booking"),  # booking's demo books the core team only, before workforce adds people
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),
    figures=(figures.workforce_figures,),
    templates=Path(__file__).parent / "templates",
)
