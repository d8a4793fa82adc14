"""What reporting contributes: the quarterly return, dashboard, annual statement and consultation log.

Every domain's figures and series come from that domain's own contract, the consultations' too, and
the consultation log is the record log the consultations contract declares (consult/report_log.py);
start-up stops if it is missing."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.reporting import home, log, pages, routes

CONTRACT = DomainContract(
    name="reporting",
    routers=(routes.router, pages.router),
    home=(home.reports,),
    startup=(log.require,),
    templates=Path(__file__).parent / "templates",
)
