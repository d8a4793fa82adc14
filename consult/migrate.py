"""Run Alembic migrations from code (used by `pimh db upgrade`, `pimh serve` and tests)."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    # "heads": each domain package keeps its own migration branch, so several may be open at once.
    if revision == "heads" and at_heads(database_url):
        return  # nothing to apply: Alembic (and every SQLAlchemy dialect it loads) stays off start-up
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def script_heads() -> set[str]:
    """The migrations no other migration builds on (names as its `down_revision` or in its
    `depends_on`), read from the files' own lines without importing Alembic or the migrations.
    Alembic records an applied migration's ancestors by recording it, so a database that records
    exactly these has every migration; anything else (older, newer, none) is left to Alembic."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                if node.targets[0].id in ("revision", "down_revision", "depends_on"):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
        revisions.add(values["revision"])
        for builds_on in (values.get("down_revision"), values.get("depends_on")):
            below.update([builds_on] if isinstance(builds_on, str) else (builds_on or ()))
    return revisions - below


def at_heads(database_url: str) -> bool:
    """True when the database records exactly the newest migrations as applied (start-up's
    check on SQLite: an up-to-date database, the usual case, then costs one small query)."""
    from sqlalchemy import inspect, text

    from consult.db import make_engine

    engine = make_engine(database_url, pooled=False)
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return False
            applied = {row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))}
    finally:
        engine.dispose()
    return applied == script_heads()
