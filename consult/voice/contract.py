"""What the families' and practitioners' voice contributes: complaints (the managers'
acknowledgement queue and its reminders), compliments, the public families' feedback page and
its card, the quarter's narrative, their report figures (and the learning needs and interpreter
figures drawn from consultations and referrals), the demo year, retention and subject access."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.voice import (
    demo,
    figures,
    home,
    jobs,
    models,
    narrative_pages,
    pages,
    practice_figures,
    privacy,
    public_pages,
    routes,
)

CONTRACT = DomainContract(
    name="voice",
    routers=(routes.router, pages.router, public_pages.router, narrative_pages.router),
    models=(models,),
    jobs=(jobs.remind_job,),
    seeder=demo.seed,
    seed_after=("core", "consultations", "referrals"),
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),  # before referrals and accounts: it finds people through both
    figures=(figures.voice_figures, practice_figures.practice_figures),
    home=(home.complaints_due,),
    templates=Path(__file__).parent / "templates",
)
