"""The telephony models and migration 0011_telephony describe the same tables, indexes and constraints."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from consult.db import Base, make_engine
from consult.models import import_all_models

TABLES = {"phone_calls", "work_phones"}


def _touches_ours(diff) -> bool:
    for item in diff if isinstance(diff, list) else [diff]:
        for part in item:
            names = {part if isinstance(part, str) else None, getattr(part, "name", None),
                     getattr(getattr(part, "table", None), "name", None)}
            if names & TABLES:
                return True
    return False


def test_models_and_migration_match_for_the_lines_tables(database_url):
    import_all_models()
    engine = make_engine(database_url, pooled=False)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = [d for d in compare_metadata(context, Base.metadata) if _touches_ours(d)]
    engine.dispose()
    assert diffs == []
