"""The `pimh` console script: a thin transport over the services (composition root)."""
from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from consult.settings import Settings, SettingsError, get_settings

if TYPE_CHECKING:
    import uvicorn
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from consult.profiles import Profile

app = typer.Typer(help="PIMH Consult: the Parent Infant Mental Health Service's digital front door.", no_args_is_help=True)
db_app = typer.Typer(help="Database migrations.", no_args_is_help=True)
token_app = typer.Typer(help="API bearer tokens.", no_args_is_help=True)
user_app = typer.Typer(help="User accounts.", no_args_is_help=True)
jobs_app = typer.Typer(help="Scheduled jobs.", no_args_is_help=True)
report_app = typer.Typer(help="Commissioner reports.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(token_app, name="token")
app.add_typer(user_app, name="user")
app.add_typer(jobs_app, name="jobs")
app.add_typer(report_app, name="report")
from consult.privacy.cli import keys_app, privacy_app  # noqa: E402  (commands import lazily)

app.add_typer(keys_app, name="keys")
app.add_typer(privacy_app, name="privacy")
console = Console(stderr=True)


@app.callback()
def _compose() -> None:
    """Every command runs over the installed domain contracts (jobs, seeders, purgers, sources...)."""
    from consult.boot import collector_paused

    with collector_paused():
        import consult.domains  # noqa: F401  (the composition root: checks and installs every contract)


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        raise typer.Exit(2) from None


def _profile() -> Profile:
    from consult.profiles import ProfileError, active_profile

    try:
        return active_profile()
    except ProfileError as exc:
        console.print(f"[red]Profile error:[/red] {exc}")
        raise typer.Exit(2) from None


def _upgrade() -> None:
    from consult.migrate import upgrade

    upgrade(_settings().database_url)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every Alembic migration up to the newest."""
    _profile()
    _upgrade()
    console.print("Database is up to date.")


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    demo: bool = typer.Option(False, "--demo", help="Load the demo team, rota, FAQ and history first."),
) -> None:
    """Run the web app (pages, JSON API, Slack endpoint when configured)."""
    import uvicorn

    settings = _settings()
    _profile()
    if settings.is_sqlite or demo:
        _upgrade()
    if demo:
        _seed(None)
    address = f"http://{host}:{port}"
    server = uvicorn.Server(uvicorn.Config("consult.app:app_factory", factory=True, host=host, port=port,
                                           log_level="warning", proxy_headers=True))

    def announce() -> None:  # only once it answers: an address printed earlier would refuse a click
        if _answers(f"{address}/healthz", server):
            console.print(f"PIMH Consult is running at [bold]{address}[/bold]  (health: {address}/healthz; Ctrl+C stops it)")
            if not settings.slack_http_enabled:
                console.print("Slack is not configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET); "
                              "`pimh chat` talks to the bot in the terminal.")

    threading.Thread(target=announce, name="announce-address", daemon=True).start()
    server.run()
    if not server.started:
        raise typer.Exit(1)


def _answers(url: str, server: uvicorn.Server) -> bool:
    """True once `url` answers (any status: the server is up); False if the server stops first.
    The standard library's client, not httpx: this runs beside start-up, and importing httpx
    there held the interpreter's lock the app's own start-up needed (issue 23)."""
    import time
    from http.client import HTTPConnection
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("0.0.0.0", "127.0.0.1"))
    while not server.should_exit:
        if server.started:
            connection = HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=5)
            try:
                connection.request("GET", parts.path)
                connection.getresponse().read()
                return True
            except OSError:
                pass
            finally:
                connection.close()
        time.sleep(0.02)
    return False


@app.command()
def worker() -> None:
    """Run the scheduled jobs (one leader among several workers) and Slack Socket Mode when configured."""
    from consult.logs import configure_logging
    from consult.worker import Worker

    settings = _settings()
    _profile()
    configure_logging(settings)
    if settings.is_sqlite:
        _upgrade()
    extra = _socket_mode(settings)
    if settings.slack_bot_token and extra is None:
        # HTTP mode: the web process serves Slack, but the jobs' notices (escalations, digests,
        # feedback prompts) still go out from here.
        from bot.notifier import register as register_slack_notifier

        register_slack_notifier(settings)
    try:
        Worker(settings).run_forever()
    finally:
        if extra:
            extra.close()  # type: ignore[no-untyped-call]  # slack_bolt leaves close() unannotated


def _socket_mode(settings: Settings) -> SocketModeHandler | None:
    if not settings.slack_app_token:
        return None
    try:
        from bot.socket import start_socket_mode
    except ImportError:
        console.print("Slack Socket Mode is not available in this build.")
        return None
    return start_socket_mode(settings)


@jobs_app.command("list")
def jobs_list() -> None:
    """List the scheduled jobs and their triggers."""
    from consult.jobs import load_jobs

    for job in load_jobs().values():
        typer.echo(f"{job.name:32} {job.trigger[0]} {job.trigger[1]}  {job.description}")


@jobs_app.command("run")
def jobs_run(name: str) -> None:
    """Run one scheduled job now (safe: every job is idempotent)."""
    from consult.jobs import run_job

    _profile()
    try:
        result = run_job(name)
    except KeyError as exc:
        console.print(f"[red]{exc.args[0]}[/red]")
        raise typer.Exit(2) from None
    typer.echo(f"{name}: {result}")


def _seed(consultations: int | None) -> None:
    from consult.db import session_scope
    from consult.seeding import SeedOptions, run_seeders

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)  # type: ignore[arg-type]

        with session_scope() as db:
            summaries = run_seeders(db, SeedOptions(consultations=consultations, progress=progress))
    for line in summaries:
        console.print(f"  {line}")


@app.command("seed-demo")
def seed_demo(
    consultations: int = typer.Option(None, "--consultations", min=0, help="How many past consultations to generate (default: a few hundred over 18 months)."),  # noqa: E501
) -> None:
    """Load demo data: team, rota and bookable slots, FAQ, and a history of consultations."""
    _profile()
    _upgrade()
    _seed(consultations)
    console.print("Demo data loaded.")


@token_app.command("create")
def token_create(
    role: str = typer.Option(..., "--role", help="practitioner, clinician, manager or admin"),
    name: str = typer.Option(..., "--name", help="Who the token is for (an existing or new user)."),
    email: str = typer.Option(None, "--email", help="Match or create the user by email."),
) -> None:
    """Print a new bearer token for the JSON API (shown once; only its hash is stored)."""
    from consult.auth.models import Role
    from consult.auth.service import create_token, get_or_create_user
    from consult.db import session_scope

    try:
        parsed = Role(role)
    except ValueError:
        console.print(f"[red]Unknown role {role!r}[/red]; choose practitioner, clinician, manager or admin.")
        raise typer.Exit(2) from None
    _upgrade() if _settings().is_sqlite else None
    with session_scope() as db:
        user = get_or_create_user(db=db, name=name, role=parsed, email=email)
        if user.role != parsed:
            console.print(f"[red]{name} already exists with the role {user.role.value}.[/red]")
            raise typer.Exit(2)
        token = create_token(db=db, user=user, label=f"cli {parsed.value}")
    typer.echo(token)


@user_app.command("add")
def user_add(
    email: str = typer.Option(..., "--email"),
    name: str = typer.Option(..., "--name"),
    role: str = typer.Option("practitioner", "--role"),
    password: str = typer.Option(None, "--password", help="Omit to be asked (hidden)."),
    district: str = typer.Option(None, "--district"),
    job_role: str = typer.Option(None, "--job-role", help="e.g. Health visitor"),
) -> None:
    """Add a user who can sign in to the web pages."""
    from consult.auth.models import Role
    from consult.auth.service import AccountError, add_user
    from consult.db import session_scope

    try:
        parsed = Role(role)
    except ValueError:
        console.print(f"[red]Unknown role {role!r}.[/red]")
        raise typer.Exit(2) from None
    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    _upgrade() if _settings().is_sqlite else None
    try:
        with session_scope() as db:
            user = add_user(db=db, name=name, email=email, role=parsed, password=password, district=district, job_role=job_role)
            typer.echo(f"Added {user.name} <{user.email}> as {user.role.value}.")
    except AccountError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


@app.command()
def chat() -> None:
    """Talk to the bot in the terminal (ask, consult, check, book) without Slack."""
    from bot.chat import run_chat

    _profile()
    run_chat()


@report_app.command("quarterly")
def report_quarterly(
    quarter: str = typer.Option(..., "--quarter", help="e.g. 2026Q3"),
    format: str = typer.Option("json", "--format", help="csv or json"),
) -> None:
    """Print the quarterly performance return for the commissioner."""
    from consult.reporting.cli import print_quarterly

    _profile()
    print_quarterly(quarter=quarter, format=format)


def main() -> None:
    try:
        app()
    except SettingsError as exc:
        console.print(f"[red]Configuration error:[/red] {exc}")
        sys.exit(2)


if __name__ == "__main__":
    main()
