"""Engine, sessions and the declarative Base. SQLite (WAL, foreign keys) by default, PostgreSQL in production."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import DateTime, Dialect, Engine, MetaData, create_engine, event, select
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError, StatementError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, NullPool
from sqlalchemy.types import TypeDecorator

_T = TypeVar("_T")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores instants as UTC and always returns aware UTC datetimes, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def normalise_url(url: str) -> str:
    """Accept the URLs hosting platforms hand out and use psycopg 3 for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


KEPT_CONNECTIONS = 20  # per process: Slack's bursts are 20 commands, each with a connection in a thread


def make_engine(url: str, *, pooled: bool = True) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        # Pooled: as many kept connections as a burst of Slack commands uses at once (each opened
        # connection runs the pragmas below); SQLAlchemy's default keeps five and reopens the rest.
        extra = {"pool_size": KEPT_CONNECTIONS, "max_overflow": 10} if pooled else {"poolclass": NullPool}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True, **extra)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # hide_parameters: a database error's message must not quote the values it was given.
    if not pooled:
        return create_engine(url, poolclass=NullPool, hide_parameters=True)
    # pre_ping lets web and worker ride out a database restart without surfacing errors.
    # At most 30 connections per process as before, but 20 of them kept between bursts rather than reopened.
    return create_engine(url, pool_pre_ping=True, pool_size=KEPT_CONNECTIONS, max_overflow=10, hide_parameters=True)


def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


_engines: dict[str, Engine] = {}


def _engine_for(url: str) -> Engine:
    if url not in _engines:
        _engines[url] = make_engine(url)
    return _engines[url]


def get_engine() -> Engine:
    from consult.settings import get_settings

    return _engine_for(get_settings().database_url)


_factories: dict[Engine, sessionmaker[Session]] = {}


def session_factory() -> sessionmaker[Session]:
    # One per engine: a sessionmaker builds a Session subclass, too slow to do for every request.
    engine = get_engine()
    if engine not in _factories:
        _factories[engine] = sessionmaker(bind=engine, expire_on_commit=False)
    return _factories[engine]


@contextmanager
def session_scope() -> Iterator[Session]:
    """One unit of work: commits on success, rolls back on error. For jobs, CLI and services."""
    session = session_factory()()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def dispose_engines() -> None:
    """Close every pooled connection (tests, and after forking), and the event loop's own (consult.db_now)."""
    from consult import db_now  # it imports this module

    db_now.close()
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _factories.clear()


class DriverStatement:
    """A Core statement compiled once per dialect and run straight on a DBAPI connection, for the
    hottest write there is (the FAQ logs every question it is asked): SQLAlchemy's own execution
    works out the statement's cache key and an execution context every time, and for a one-row
    insert that cost more than the database's own work (issue 23). Values pass through the columns'
    bind processors, as SQLAlchemy would send them; a driver error is raised as SQLAlchemy's, so the
    app's error handling is unchanged."""

    def __init__(self, statement: Any) -> None:
        self.statement = statement
        self._compiled: dict[str, _Prepared] = {}

    def _prepared(self, dialect: Dialect) -> _Prepared:
        prepared = self._compiled.get(dialect.name)
        if prepared is None:
            compiled = self.statement.compile(dialect=dialect)
            processors = {key: processor for key, bind in compiled.binds.items()
                          if (processor := bind.type.bind_processor(dialect)) is not None}
            order = tuple(compiled.positiontup or ()) if compiled.positional else None
            prepared = self._compiled[dialect.name] = _Prepared(compiled, order, processors)
        return prepared

    def bound(self, dialect: Dialect, values: dict[str, Any]) -> tuple[str, Any]:
        """The SQL and its parameters as the driver takes them."""
        prepared = self._prepared(dialect)
        params = prepared.compiled.construct_params(values)
        for key, processor in prepared.processors.items():
            params[key] = processor(params[key])
        return prepared.compiled.string, tuple(params[n] for n in prepared.order) if prepared.order is not None else params

    def execute(self, raw: Any, dialect: Dialect, values: dict[str, Any]) -> Any:
        """Run on `raw` (a DBAPI connection, in whatever transaction it is in) and return the
        executed cursor, for the caller to read its rowcount, lastrowid or RETURNING row and close."""
        sql, params = self.bound(dialect, values)
        cursor = raw.cursor()
        try:
            cursor.execute(sql, params)
        except dialect.loaded_dbapi.Error as exc:
            cursor.close()
            raise as_sqlalchemy_error(sql, exc, dialect) from exc
        return cursor

    async def fetch_one_async(self, connection: Any, dialect: Dialect, values: dict[str, Any]) -> Any:
        """Run on `connection` (psycopg's AsyncConnection) and return the first row, or None."""
        sql, params = self.bound(dialect, values)
        try:
            cursor = await connection.execute(sql, params)
            return await cursor.fetchone()
        except dialect.loaded_dbapi.Error as exc:
            raise as_sqlalchemy_error(sql, exc, dialect) from exc


def as_sqlalchemy_error(sql: str, error: Exception, dialect: Dialect) -> StatementError:
    """A driver's error as SQLAlchemy raises it, so the app's error handling is the same either way."""
    return DBAPIError.instance(sql, None, error, dialect.loaded_dbapi.Error, dialect=dialect)


@dataclass(frozen=True)
class _Prepared:
    compiled: Any
    order: tuple[str, ...] | None  # parameter names in order, for a positional driver (sqlite3)
    processors: dict[str, Any]


def get_or_raise(db: Session, model: type[_T], missing: Exception, *, id: Any = None, **where: Any) -> _T:
    """The one row of `model` by primary key (`id=`) or by unique columns (`reference=...`), or raise
    `missing` (the domain's own not-found error, which its transports turn into a 404)."""
    found = db.get(model, id) if id is not None else db.scalar(select(model).filter_by(**where))
    if found is None:
        raise missing
    return found
