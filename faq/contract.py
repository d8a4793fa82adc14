"""What the FAQ contributes: questions and answers, the index built at start-up, the demo entries,
report figures and series, and the purge of unanswered questions' text."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from faq import figures, models, pages, retention, routes, seeding, service

CONTRACT = DomainContract(
    name="faq",
    routers=(routes.router, pages.router),
    models=(models,),
    seeder=seeding.seed,
    seed_after=("core",),
    purgers=(retention.PURGER,),
    figures=(figures.faq_figures,),
    series=(figures.faq_series,),
    startup=(service.startup,),  # builds the search index once
    templates=Path(__file__).parent / "templates",
)
