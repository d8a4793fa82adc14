"""What privacy contributes: the audit log and consent records, the nightly retention purge job, the
accounts' subject access source, /audit and /privacy.

Listed last in consult/domains.py, so the accounts source is erased after every other source: they
find a person's rows through the account's email, which erasing the account clears."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.privacy import accounts, audit, consent, jobs, routes

CONTRACT = DomainContract(
    name="privacy",
    routers=(routes.router,),
    models=(audit, consent),
    jobs=(jobs.privacy_purge,),
    subject_access=(accounts.SOURCE,),
    templates=Path(__file__).parent / "templates",
)
