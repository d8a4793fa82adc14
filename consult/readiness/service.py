"""The readiness check as one service call, shared by the JSON API, the web page and (later)
Slack and referral submission. Nothing is stored; only codes are logged."""
from __future__ import annotations

from datetime import date

import structlog

from consult import clock
from consult.profiles import Profile
from consult.readiness.guidance import summarise
from consult.readiness.results import Readiness
from consult.readiness.rules import check_items
from consult.readiness.schemas import Referral

log = structlog.get_logger(__name__)


def check_referral(*, referral: Referral, profile: Profile, as_of: date | None = None) -> Readiness:
    """Run every check against `as_of` (today in London when not given)."""
    items = check_items(referral, profile=profile, as_of=as_of or clock.today_local())
    partial = Readiness(items=items)
    result = Readiness(items=items, guidance=summarise(referral=referral, result=partial, profile=profile))
    # Codes only: never a value the practitioner typed.
    log.info("readiness_checked", ready=result.ready, problems=[f.code for f in result.problems],
             warnings=[f.code for f in result.warnings])
    return result
