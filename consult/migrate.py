"""Run Alembic migrations from code (used by `pimh db upgrade`, `pimh serve` and tests)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    # "heads": each domain package keeps its own migration branch, so several may be open at once.
    command.upgrade(alembic_config(database_url), revision)
