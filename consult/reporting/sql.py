"""Small SQL building blocks shared by the reporting queries: counts, rates, the median and a
month label computed in the database, each written once for SQLite and PostgreSQL."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, FromClause, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from consult.clock import LONDON
from consult.reporting.periods import Period

# A mapped attribute (Consultation.district) or any SQL expression.
Column: TypeAlias = ColumnElement[Any] | InstrumentedAttribute[Any]


def count_if(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.count(case((condition, 1)))


def pct(part: int | None, whole: int | None) -> float | None:
    """A percentage to one decimal place, or None when there is nothing to divide by."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)


def rounded(value: Any, places: int = 2) -> float | None:  # an SQL number: int, float or Decimal
    return None if value is None else round(float(value), places)


def counts(db: Session, column: Column, where: Iterable[ColumnElement[bool]], *, join: FromClause | None = None,
           keys: Iterable[str] = (), missing: str | None = None) -> dict[str, int]:
    """COUNT(*) GROUP BY column. `keys` appear even at zero (so every return has the same rows);
    NULLs are counted under `missing` when given, otherwise left out."""
    query = select(column, func.count()).select_from(join) if join is not None else select(column, func.count())
    out = {key: 0 for key in keys}
    for value, n in db.execute(query.where(*where).group_by(column)).all():
        if value is None:
            if missing is None:
                continue
            value = missing
        out[str(value)] = out.get(str(value), 0) + n  # type: ignore[operator]
    return out


def median(db: Session, column: Column, where: Iterable[ColumnElement[bool]], *, join: FromClause | None = None,
           total: int | None = None) -> float | None:
    """The median of `column` over rows matching `where`, in the database.

    PostgreSQL has percentile_cont; SQLite does not, so there the middle one or two values are
    fetched with ORDER BY ... LIMIT/OFFSET after a COUNT (pass `total` when it is already known),
    and averaged."""
    where = [*where, column.is_not(None)]
    base = select(column).select_from(join) if join is not None else select(column)
    if db.get_bind().dialect.name == "postgresql":
        query = select(func.percentile_cont(0.5).within_group(column))
        query = query.select_from(join) if join is not None else query
        return rounded(db.scalar(query.where(*where)))
    if total is None:
        total = db.scalar(select(func.count()).select_from(base.where(*where).subquery())) or 0
    if not total:
        return None
    middle = base.where(*where).order_by(column).limit(2 - total % 2).offset((total - 1) // 2).subquery()
    return rounded(db.scalar(select(func.avg(middle.c[0]))))


def monthly_median(db: Session, column: Column, month: Column, where: Iterable[ColumnElement[bool]]) -> dict[str, float]:
    """Median per month with window functions (both dialects have ROW_NUMBER and COUNT OVER)."""
    where = [*where, column.is_not(None)]
    ranked = select(
        month.label("month"), column.label("value"),
        func.row_number().over(partition_by=month, order_by=column).label("n"),
        func.count().over(partition_by=month).label("total"),
    ).where(*where).subquery()
    # The middle row, or the two middle rows for an even count: (total+1)/2 and (total+2)/2 in integers.
    lower, upper = (ranked.c.total + 1) // 2, (ranked.c.total + 2) // 2
    query = (select(ranked.c.month, func.avg(ranked.c.value))
             .where((ranked.c.n == lower) | (ranked.c.n == upper)).group_by(ranked.c.month))
    return {m: rounded(v) for m, v in db.execute(query).all()}  # type: ignore[misc]


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), LONDON)


def month_of_instant(column: Column, period: Period) -> ColumnElement[Any]:
    """The London month ("2026-07") of an instant column, as a CASE over the period's month
    boundaries: exact across the clock changes and the same SQL on both dialects."""
    return case(*[(column < local_midnight(nxt), month) for month, nxt in _month_ends(period)], else_=None)


def month_of_date(column: Column, period: Period) -> ColumnElement[Any]:
    return case(*[(column < nxt, month) for month, nxt in _month_ends(period)], else_=None)


def _month_ends(period: Period) -> list[tuple[str, date]]:
    """Each month of the period with the first day of the month after it (callers filter the
    period's start themselves, so the CASE only needs upper bounds, checked in order)."""
    out = []
    for month in period.months():
        year, number = int(month[:4]), int(month[5:])
        out.append((month, date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)))
    return out
