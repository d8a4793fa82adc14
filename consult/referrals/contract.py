"""What referrals contribute: submission and the pathway, their lines in the clinicians' queue,
report figures and series, the demo year, retention and subject access by NHS number."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.referrals import demo, figures, home, models, pages, privacy, queue, routes, series

CONTRACT = DomainContract(
    name="referrals",
    routers=(routes.router, pages.router),
    models=(models,),
    seeder=demo.seed,
    seed_after=("core",),
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),
    figures=(figures.referral_figures,),
    series=(series.referral_series,),
    queue=(queue.SOURCE,),
    home=(home.waiting_for_you,),
    templates=Path(__file__).parent / "templates",
)
