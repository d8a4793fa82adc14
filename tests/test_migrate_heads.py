"""`pimh serve` on SQLite checks the migrations before serving: a database already at the newest
ones is read with one query (consult.migrate.at_heads), and anything else goes to Alembic as before."""
from __future__ import annotations

from sqlalchemy import create_engine, text

from consult.migrate import at_heads, script_heads, upgrade


def _recorded(url: str) -> set[str]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    engine.dispose()
    return found


def test_a_migrated_database_records_exactly_the_heads_read_from_the_files(database_url):
    assert _recorded(database_url) == script_heads() != set()
    assert at_heads(database_url)


def test_a_database_one_migration_behind_is_not_at_the_heads(database_url):
    (head,) = script_heads()
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:  # as it was before the newest migration (its down_revision)
            conn.execute(text("UPDATE alembic_version SET version_num = '0016_slot_versions'"))
        assert not at_heads(database_url)
    finally:
        # On PostgreSQL the tests of one process share a database (emptied, not copied, between
        # tests): left behind, the old version made the next start-up re-run the newest migration.
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        engine.dispose()


def test_an_empty_database_is_migrated_by_alembic(tmp_path):
    url = f"sqlite:///{tmp_path}/empty.db"
    assert not at_heads(url)
    upgrade(url)
    assert at_heads(url)
    engine = create_engine(url)
    with engine.connect() as conn:  # the tables really were made
        assert conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 0
    engine.dispose()
