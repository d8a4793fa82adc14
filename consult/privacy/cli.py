"""`pimh keys ...` and `pimh privacy ...`: thin commands over the privacy services."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

import typer
from rich.console import Console

if TYPE_CHECKING:
    from consult.privacy.subject_access import Subject

keys_app = typer.Typer(help="Encryption keys for identifiable fields.", no_args_is_help=True)
privacy_app = typer.Typer(help="Subject access, erasure and retention.", no_args_is_help=True)
console = Console(stderr=True)


@keys_app.command("generate")
def keys_generate() -> None:
    """Print a new Fernet key. Put it FIRST in ENCRYPTION_KEYS, keep the old ones after it, then run `pimh keys rotate`."""
    from consult.privacy.crypto import generate_key

    typer.echo(generate_key())


@keys_app.command("rotate")
def keys_rotate() -> None:
    """Re-encrypt every encrypted field under the newest key in ENCRYPTION_KEYS (safe to re-run)."""
    from consult.db import session_scope
    from consult.privacy.crypto import rotate_all

    with session_scope() as db:
        changed = rotate_all(db=db)
    for table, count in changed.items():
        typer.echo(f"{table}: {count} row(s) re-encrypted")
    typer.echo("Every encrypted field now uses the newest key; older keys can be removed from ENCRYPTION_KEYS.")


def _subject(email: str | None, nhs_number: str | None) -> Subject:
    from consult.privacy.subject_access import Subject

    try:
        return Subject(email=email, nhs_number=nhs_number)
    except ValueError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@privacy_app.command("export")
def privacy_export(
    email: str = typer.Option(None, "--email", help="The person's email address."),
    nhs_number: str = typer.Option(None, "--nhs-number", help="A parent's or baby's NHS number: finds the referrals that name it."),
) -> None:
    """Print everything the service holds about one person, as JSON (a subject access request)."""
    from consult.db import session_scope
    from consult.privacy.subject_access import export_subject

    subject = _subject(email, nhs_number)
    with session_scope() as db:
        result = export_subject(db=db, subject=subject)
    typer.echo(json.dumps(result, indent=2, default=str))
    if not result["data"]:
        console.print("Nothing is held about that person.")


@privacy_app.command("erase")
def privacy_erase(
    email: str = typer.Option(None, "--email"),
    nhs_number: str = typer.Option(None, "--nhs-number"),
    yes: bool = typer.Option(False, "--yes", help="Do not ask for confirmation."),
) -> None:
    """Erase (anonymise) one person's data everywhere; anonymous statistics and the audit trail stay."""
    from consult.db import session_scope
    from consult.privacy.subject_access import erase_subject

    subject = _subject(email, nhs_number)
    if not yes and not typer.confirm("This cannot be undone. Erase this person's data?"):
        raise typer.Exit(1)
    with session_scope() as db:
        changed = erase_subject(db=db, subject=subject)
    for source, count in changed.items():
        typer.echo(f"{source}: {count} record(s) erased")


@privacy_app.command("purge")
def privacy_purge() -> None:
    """Run the retention purge now (the worker runs it every night)."""
    from consult.db import session_scope
    from consult.privacy.retention import run_purge

    with session_scope() as db:
        done = run_purge(db=db)
    for name, count in done.items():
        typer.echo(f"{name}: {count} record(s) purged")
    if not done:
        typer.echo("No package has registered a purger yet.")
