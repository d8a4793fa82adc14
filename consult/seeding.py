"""`pimh seed-demo`: each package contributes a seeder; the team, rota and FAQ are idempotent."""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

# Modules exposing `seed(db: Session, options: SeedOptions) -> str` (a one-line summary),
# run in this order. Later packages add theirs here.
SEEDER_MODULES: list[str] = ["consult.core.demo", "consult.consultations.demo", "consult.referrals.demo", "booking.demo", "consult.workforce.demo", "faq.service", "consult.telephony.demo"]


@dataclass
class SeedOptions:
    consultations: int | None = None  # None: the default realistic history
    progress: Callable[[str, int, int], None] | None = None  # (label, done, total)


def run_seeders(db: Session, options: SeedOptions) -> list[str]:
    summaries = []
    for name in SEEDER_MODULES:
        summaries.append(importlib.import_module(name).seed(db, options))
        db.commit()
    return summaries
