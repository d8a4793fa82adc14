"""What triage booking contributes: the rota, bookings, reminders, report figures and series, the demo
rota and bookings, retention and subject access."""
from __future__ import annotations

from pathlib import Path

from booking import demo, figures, home, jobs, manage_pages, models, pages, privacy, routes
from consult.contract import DomainContract

CONTRACT = DomainContract(
    name="booking",
    routers=(routes.router, pages.router, manage_pages.router),
    models=(models,),
    jobs=(jobs.booking_reminders,),
    seeder=demo.seed,
    # Its upcoming demo bookings are logged as consultations, and the consultation seeder adds its
    # history only to an empty table.
    seed_after=("core", "consultations"),
    purgers=(privacy.PURGER,),
    subject_access=(privacy.SOURCE,),
    figures=(figures.booking_figures,),
    series=(figures.booking_series,),
    home=(home.next_booking, home.today_for_clinician),
    templates=Path(__file__).parent / "templates",
)
