"""The nightly retention purge (idempotent: it acts only on data still past its period)."""
from __future__ import annotations

from consult.db import session_scope
from consult.jobs import scheduled
from consult.privacy.retention import run_purge


@scheduled("privacy_purge", description="Remove or anonymise identifiable data past its retention period",
           cron={"hour": 2, "minute": 30})
def privacy_purge() -> dict[str, int]:
    with session_scope() as db:
        return run_purge(db=db)
