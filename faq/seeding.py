"""The FAQ's entries in the database from its content files: at start-up, and for `pimh seed-demo`.

    seed_entries(*, db) -> int    seed(db, options) -> str   (the seeder faq/contract.py declares)
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from faq.content import load_files
from faq.models import FaqEntry


def seed_entries(*, db: Session) -> int:
    """Add every content-file entry missing from the database; never overwrites a manager's edit."""
    existing = set(db.scalars(select(FaqEntry.id)))
    added = 0
    for entry in load_files():
        if entry.id in existing:
            continue
        now = clock.now()
        db.add(FaqEntry(id=entry.id, title=entry.title, phrasings=list(entry.phrasings), tags=list(entry.tags),
                        owner=entry.owner, source=entry.source, body=entry.body, last_reviewed=entry.last_reviewed,
                        revision=1, created_at=now, updated_at=now))
        added += 1
    db.flush()
    return added


def seed(db: Session, options: Any) -> str:
    """The FAQ seeder for `pimh seed-demo` (declared in faq/contract.py)."""
    added = seed_entries(db=db)
    return f"faq: {added} entries added, {len(load_files()) - added} already there"
