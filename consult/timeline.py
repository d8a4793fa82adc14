"""The append-only timeline, written once: the columns of one event, and the trigger that makes the
database refuse to change an event once written (a correction is a new event).

A domain's event model mixes in `TimelineEvent` and adds its foreign key and relationship:

    class CallEvent(TimelineEvent, Base):
        __tablename__ = "call_events"
        call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)

and its migration creates the table with the same columns and then calls
`forbid_updates("call_events")` (and `allow_updates("call_events")` in `downgrade`). DELETE stays
allowed, for the retention purge and erasure.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from consult.db import UTCDateTime


class TimelineEvent:
    """One line of a record's timeline. Append-only: the database refuses updates."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_name: Mapped[str] = mapped_column(String(200))
    # Non-identifying words only ("handed over to Tomasz Wren"); never a summary, advice or a family's details.
    detail: Mapped[str] = mapped_column(String(500), default="")


def append_only_message(table: str) -> str:
    return f"{table} is append-only: add a new event instead of changing one"


def forbid_updates_sql(table: str, dialect: str) -> list[str]:
    """The statements that make `table` refuse UPDATE, for SQLite or PostgreSQL."""
    message, name = append_only_message(table), f"{table}_append_only"
    if dialect == "sqlite":
        return [f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{message}'); END"]
    return [
        f"CREATE FUNCTION {name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '{message}'; END $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def allow_updates_sql(table: str, dialect: str) -> list[str]:
    name = f"{table}_append_only"
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}"]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]


def forbid_updates(table: str, op: Any = None) -> None:
    """In a migration's upgrade(): the database refuses UPDATE on `table` from now on."""
    op = op or _alembic_op()
    for statement in forbid_updates_sql(table, op.get_bind().dialect.name):
        op.execute(statement)


def allow_updates(table: str, op: Any = None) -> None:
    """In a migration's downgrade(): remove what forbid_updates made."""
    op = op or _alembic_op()
    for statement in allow_updates_sql(table, op.get_bind().dialect.name):
        op.execute(statement)


def _alembic_op() -> Any:
    from alembic import op

    return op
