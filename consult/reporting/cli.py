"""`pimh report quarterly`: the same figures as the API, printed as JSON or the suppressed CSV."""
from __future__ import annotations

import json

import typer

from consult.db import session_scope
from consult.reporting import service
from consult.reporting.periods import PeriodError

FORMATS = ("json", "csv")


def print_quarterly(*, quarter: str, format: str) -> None:
    """Print the return; the CSV is the commissioner's (suppressed) and its export is audited."""
    if format not in FORMATS:
        typer.echo(f"Unknown format {format!r}: choose csv or json.", err=True)
        raise typer.Exit(2)
    try:
        with session_scope() as db:
            if format == "json":
                typer.echo(json.dumps(service.quarterly(db=db, quarter_label=quarter), indent=2))
            else:
                _, text = service.quarterly_csv(db=db, quarter_label=quarter, suppress=True, actor="pimh cli")
                typer.echo(text, nl=False)
    except PeriodError as exc:
        typer.echo(f"Bad --quarter: {exc}.", err=True)
        raise typer.Exit(2) from None
