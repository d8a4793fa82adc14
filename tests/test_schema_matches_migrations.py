"""The models and the migrations describe one schema: Alembic finds nothing to change on a database
built by running every migration (SQLite here, PostgreSQL with PIMH_TEST_POSTGRES_URL)."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from consult.db import Base, make_engine
from consult.models import import_all_models


def test_a_freshly_migrated_database_matches_the_models_exactly(database_url):
    import_all_models()
    engine = make_engine(database_url, pooled=False)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    # apscheduler_jobs belongs to the worker's job store, which creates it itself.
    differences = [d for d in differences if "apscheduler_jobs" not in repr(d)]
    assert differences == []
