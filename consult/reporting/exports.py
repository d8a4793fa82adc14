"""CSV exports for the commissioner and the pseudonymised consultation log.

Nothing identifying leaves here: the quarterly return is aggregates only (suppressed as
`suppression.py` says), and the log carries a reference, dates, codes and timings, never a
name, email, phone number, case summary, advice or comment.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime

from consult.clock import LONDON
from consult.reporting.suppression import CONFIDENTIAL, suppress_report

LOG_COLUMNS = (
    "reference", "received_on", "acknowledged_on", "advised_on", "closed_on", "status", "district",
    "practitioner_role", "organisation_type", "channel", "urgency", "outcome", "thrive", "cluster",
    "working_hours_to_acknowledge", "working_hours_to_advice", "acknowledged_within_target", "advised_within_target",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (job titles are typed by people)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return buffer.getvalue()


def quarterly_csv(report: Mapping[str, object], *, suppress: bool, threshold: int) -> str:
    """section,measure,value rows: headline figures under "summary", then each breakdown."""
    figures = suppress_report(report, threshold) if suppress else dict(report)
    lines = [_line(("section", "measure", "value"))]
    groups = []
    for key, value in figures.items():
        if isinstance(value, Mapping):
            groups.append((key, value))
        else:
            lines.append(_line(("summary", key, value)))
    for section, cells in groups:
        lines += [_line((section, measure, value)) for measure, value in cells.items()]
    if suppress:
        lines.append(_line(("notes", "suppression",
                            f"counts from 1 to {threshold - 1} are shown as <{threshold}; {CONFIDENTIAL} hides a "
                            f"figure that would reveal one, or a rate over fewer than {threshold}")))
    return "".join(lines)


def _local_date(value: datetime | None) -> str | None:
    return value.astimezone(LONDON).date().isoformat() if value else None


def log_csv(rows: Iterable[Mapping[str, object]]) -> Iterator[str]:
    """The pseudonymised log, one line at a time, so a large export streams."""
    yield _line(LOG_COLUMNS)
    for row in rows:
        yield _line((
            row["reference"], _local_date(row["received_at"]), _local_date(row["acknowledged_at"]),  # type: ignore[arg-type]
            _local_date(row["advised_at"]), _local_date(row["closed_at"]), row["status"], row["district"],  # type: ignore[arg-type]
            row["practitioner_role"], row["organisation_type"], row["channel"], row["urgency"],
            row["recommendation"], row["thrive"], row["cluster"],
            round(row["working_hours_to_acknowledge"], 2) if row["working_hours_to_acknowledge"] is not None else None,  # type: ignore[call-overload]
            round(row["working_hours_to_advice"], 2) if row["working_hours_to_advice"] is not None else None,  # type: ignore[call-overload]
            row["acknowledged_within_target"], row["advised_within_target"],
        ))
