"""Retention: each domain declares its purgers in its contract; a scheduled job runs them all every night.

A purger is `fn(db, cutoff) -> int`: it removes or anonymises the identifiable data it owns
that is older than `cutoff` (keeping whatever the anonymous statistics need) and returns how
many records it changed. It must be idempotent: a record already purged is not counted again.

    PURGER = RetentionPurger("referrals", purge_old_referrals)           # identifiable_data_years
    PURGER = RetentionPurger("faq_questions", purge_questions,
                             keep_for=lambda p: timedelta(days=p.retention.unanswered_question_days))
    CONTRACT = DomainContract(name="referrals", purgers=(PURGER,), ...)
"""
from __future__ import annotations

from datetime import date, datetime

import structlog
from sqlalchemy.orm import Session

from consult import clock
from consult.clock import LONDON
from consult.contract import RetentionPurger, installed
from consult.privacy.audit import Action, record_event
from consult.profiles import Profile, active_profile

log = structlog.get_logger(__name__)

Registered = RetentionPurger  # the name this module used before purgers moved into the contracts


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def cutoff_for(purger: Registered, profile: Profile, now: datetime) -> datetime:
    if purger.keep_for is not None:
        return now - purger.keep_for(profile)
    day = years_before(now.astimezone(LONDON).date(), profile.retention.identifiable_data_years)
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


def _period(purger: Registered, profile: Profile) -> str:
    # In words, not as a date: audit details are redacted of anything that looks like a date.
    if purger.keep_for is not None:
        return f"{purger.keep_for(profile).days} days"
    return f"{profile.retention.identifiable_data_years} years"


def load_purgers() -> dict[str, RetentionPurger]:
    """Every purger of the installed domain contracts, by name."""
    return installed().purgers


def run_purge(*, db: Session, profile: Profile | None = None) -> dict[str, int]:
    """Run every purger; one `purge` audit event per purger that changed anything."""
    profile = profile or active_profile()
    now = clock.now()
    done: dict[str, int] = {}
    for purger in load_purgers().values():
        cutoff = cutoff_for(purger, profile, now)
        count = purger.fn(db, cutoff)
        done[purger.name] = count
        if count:
            record_event(
                db=db, actor="retention job", action=Action.purge, record=f"retention:{purger.name}",
                detail=f"{count} record(s) older than {_period(purger, profile)} purged",
            )
        log.info("retention_purge", purger=purger.name, purged=count)
    return done
