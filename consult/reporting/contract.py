"""What reporting contributes: the quarterly return, dashboard, annual statement and consultation log.

It declares the consultation figures itself (queries.py reads the consultations' covering index);
every other domain's figures come from that domain's own contract."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.reporting import home, pages, queries, routes

CONTRACT = DomainContract(
    name="reporting",
    routers=(routes.router, pages.router),
    figures=(queries.consultation_figures,),
    home=(home.reports,),
    templates=Path(__file__).parent / "templates",
)
