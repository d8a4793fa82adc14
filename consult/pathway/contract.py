"""What the family's pathway contributes: the waiting list, caseload, family appointments and
letters (pages and JSON), its tables, report figures and the waits series, the purge of GP
practices, subject access, each clinician's allocated referrals for the least-loaded offer, and
the did-not-attend decisions in the clinicians' queue."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.pathway import caseload, figures, home, models, outcome_pages, pages, privacy, queue, routes

CONTRACT = DomainContract(
    name="pathway",
    routers=(routes.router, pages.router, outcome_pages.router),  # before referrals: /api/referrals/waiting is not a reference
    models=(models,),
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),  # before referrals: it finds a family through the referral's blind index
    figures=(figures.pathway_figures,),
    series=(figures.wait_series,),
    loads=(caseload.open_referral_loads,),
    queue=(queue.SOURCE,),  # the did-not-attend decision waiting for the family's clinician
    home=(home.appointments_today,),
    templates=Path(__file__).parent / "templates",
)
