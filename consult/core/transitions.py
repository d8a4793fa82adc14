"""One way to change a record's state so that two people acting at once cannot both succeed.

A service reads a record, checks in Python that the change is allowed, and then calls
`transition`: one `UPDATE ... WHERE id = :id AND status IN (:expected)` that carries every value
the change writes. The database decides who was first: the first caller's row count is 1, and
every later caller (who read the same old state) gets 0 and must refuse with a conflict (409).

This works alike on PostgreSQL (the second UPDATE waits for the first's row lock, then re-checks
the WHERE against the committed row) and on SQLite (a write takes the database's one write lock,
and pysqlite opens no transaction for plain reads, so the UPDATE always sees the latest commit),
where `SELECT ... FOR UPDATE` would be silently ignored.

Nothing is changed on the Python object before the UPDATE succeeds, so a caller that catches the
conflict and commits anyway (a page that shows the message, a Slack handler) writes nothing.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.expression import ClauseElement


def conditional_update(db: Session, record: Any, *conditions: ColumnElement[bool], **values: Any) -> bool:
    """Write `values` to `record`'s row only where every condition still holds; True if it did.

    On success the object shows the new values (as if loaded), without a second UPDATE at flush;
    values computed in SQL are read back on next use.
    """
    model = type(record)
    result = db.execute(
        update(model).where(model.id == record.id, *conditions).values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    computed = [name for name, value in values.items() if isinstance(value, ClauseElement)]
    for name, value in values.items():
        if name not in computed:
            set_committed_value(record, name, value)
    if computed:  # a value the database worked out (sequence + 1): read it back when next used
        db.expire(record, computed)
    return True


def transition(db: Session, record: Any, from_states: Iterable[Any] | str, to_state: Any = None, *,
               column: str = "status", when: Iterable[ColumnElement[bool]] = (), **values: Any) -> bool:
    """Move `record` from one of `from_states` to `to_state` (plus `values`), or return False when
    someone else changed its state first. `to_state=None` keeps the state and only writes `values`
    while the state is still one of `from_states`; `when` adds further conditions."""
    states = [from_states] if isinstance(from_states, str) else list(from_states)
    model = type(record)
    if to_state is not None:
        values[column] = to_state
    return conditional_update(db, record, getattr(model, column).in_(states), *when, **values)
