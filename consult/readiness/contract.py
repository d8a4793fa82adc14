"""What the referral check contributes: the JSON check and the /referrals/check form (it stores nothing).

Its routers come before the referrals' so /referrals/check is not read as a referral's reference."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.readiness import pages, routes

CONTRACT = DomainContract(
    name="readiness",
    routers=(routes.router, pages.router),
    templates=Path(__file__).parent / "templates",
)
