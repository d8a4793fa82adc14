"""`pimh seed-demo`: each domain's contract may declare a seeder; the team, rota and FAQ are idempotent."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from consult.contract import Seeder, installed


@dataclass
class SeedOptions:
    consultations: int | None = None  # None: the default realistic history
    progress: Callable[[str, int, int], None] | None = None  # (label, done, total)


def seeders() -> list[tuple[str, Seeder]]:
    """(domain, `seed(db, options) -> one-line summary`) in contract order (the core's team first)."""
    return installed().seeders


def run_seeders(db: Session, options: SeedOptions) -> list[str]:
    summaries = []
    for _domain, seed in seeders():
        summaries.append(seed(db, options))
        db.commit()
    return summaries
