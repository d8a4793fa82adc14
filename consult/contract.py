"""What a domain package contributes to the service, declared in one place, and the composition of them.

Each domain package has one module, `<package>/contract.py`, defining

    CONTRACT = DomainContract(
        name="referrals",
        routers=(routes.router, pages.router),          # mounted in this order
        models=(models,),                               # modules that define tables
        jobs=(),                                        # ScheduledJobs made with @consult.jobs.scheduled
        seeder=demo.seed,                               # seed(db, options) -> one-line summary
        seed_after=("core",),                           # domains whose demo data this seeder needs
        purgers=(privacy.PURGER,),                      # RetentionPurger: the nightly retention purge
        subject_access=(privacy.SOURCE,),               # SubjectSource: export and erasure for a person
        figures=(figures.referral_figures,),            # report figures for a period
        series=(series.referral_series,),               # month-by-month series for the charts
        queue=(queue.SOURCE,),                          # QueueSource: lines in the clinicians' queue
        record_logs=(),                                 # RecordLog: records the reports list one by one
        loads=(caseload.open_referral_loads,),          # (*, db) -> {clinician id: open items they hold}
        home=(home.waiting_for_you,),                   # (*, db, viewer, now, calendar) -> HomePanel | None
        startup=(),                                     # run once at start-up; may return a stop() for shutdown
        templates=Path(__file__).parent / "templates",  # this package's Jinja templates
    )

and the composition root (`consult/domains.py`) lists the contracts as imported objects. Every
contribution is a Python object, so a misspelt name is an ImportError or AttributeError when the
contract module is imported; `DomainContract` checks the kind of each contribution when it is made,
and `compose` checks the whole set (one name per job, purger, source and domain), so a wrong
contribution stops start-up with a message naming the domain, never silently dropping out.

This module is the core: it knows no domain. The composition root installs the composed set with
`install(compose(CONTRACTS))`, and the registries (jobs, retention, subject access, report figures,
the clinicians' queue) read `installed()`; the web app mounts the routers and templates.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from consult.jobs import ScheduledJob

if TYPE_CHECKING:
    from fastapi import APIRouter

    from consult.profiles import Profile
    from consult.queue import QueueSource
    from consult.report_log import RecordLog


class ContractError(Exception):
    """A domain declared a contribution that cannot work; raised at import or composition time."""


Seeder = Callable[[Session, Any], str]
FigureProvider = Callable[..., dict[str, Any]]  # (*, db, start: date, end: date) -> flat dict of figures
Purge = Callable[[Session, datetime], int]
LoadProvider = Callable[..., dict[int, int]]  # (*, db) -> {clinician id: open items}, for the least-loaded offer


@dataclass(frozen=True)
class RetentionPurger:
    """`fn(db, cutoff) -> records changed`: removes or anonymises what it owns older than `cutoff`.

    Idempotent: a record already purged is not counted again. `keep_for` None means the profile's
    `retention.identifiable_data_years`."""

    name: str
    fn: Purge
    keep_for: Callable[[Profile], timedelta] | None = None


@dataclass(frozen=True)
class SubjectSource:
    """Subject access for a named person: `export(db, subject)` what is held (None or empty when
    nothing), `erase(db, subject)` removes or anonymises it and returns how many records changed."""

    name: str
    export: Callable[[Session, Any], Any]
    erase: Callable[[Session, Any], int]


def _fail(domain: str, what: str, value: object, expected: str) -> None:
    raise ContractError(f"domain {domain!r}: {what} must be {expected}, got {value!r}")


def _check_all(domain: str, what: str, values: object, kind: type | tuple[type, ...], expected: str) -> None:
    if not isinstance(values, tuple):
        _fail(domain, what, values, f"a tuple of {expected}")
    for value in values:  # type: ignore[attr-defined]
        if not isinstance(value, kind):
            _fail(domain, what, value, expected)


def _check_callables(domain: str, what: str, values: object) -> None:
    if not isinstance(values, tuple):
        _fail(domain, what, values, "a tuple of functions")
    for value in values:  # type: ignore[attr-defined]
        if isinstance(value, str) or not callable(value):
            _fail(domain, what, value, "a function (the object itself, not its name)")


def _check_routers(domain: str, routers: object) -> None:
    # By shape, not isinstance: the core's contracts never import FastAPI (import-linter checks it).
    if not isinstance(routers, tuple):
        _fail(domain, "routers", routers, "a tuple of FastAPI APIRouters")
    for router in routers:  # type: ignore[attr-defined]
        if not (type(router).__name__ == "APIRouter" and callable(getattr(router, "add_api_route", None))):
            _fail(domain, "routers", router, "a FastAPI APIRouter")


def _defines_tables(module: ModuleType) -> bool:
    return any(getattr(v, "__table__", None) is not None and getattr(v, "__module__", None) == module.__name__
               for v in vars(module).values())


@dataclass(frozen=True)
class DomainContract:
    """Everything one domain package contributes; every field but `name` is optional."""

    name: str
    routers: tuple[APIRouter, ...] = ()
    models: tuple[ModuleType, ...] = ()
    jobs: tuple[ScheduledJob, ...] = ()
    seeder: Seeder | None = None
    seed_after: tuple[str, ...] = ()
    purgers: tuple[RetentionPurger, ...] = ()
    subject_access: tuple[SubjectSource, ...] = ()
    figures: tuple[FigureProvider, ...] = ()
    series: tuple[FigureProvider, ...] = ()
    queue: tuple[QueueSource, ...] = ()
    record_logs: tuple[RecordLog, ...] = ()  # consult.report_log: a log the reports list, filter and export
    loads: tuple[LoadProvider, ...] = ()
    home: tuple[Callable[..., Any], ...] = ()  # consult.home panels for the signed-in home page
    startup: tuple[Callable[[], object], ...] = ()
    templates: Path | None = None

    def __post_init__(self) -> None:
        from consult.queue import QueueSource
        from consult.report_log import RecordLog

        if not isinstance(self.name, str) or not self.name:
            raise ContractError(f"a domain contract needs a name, got {self.name!r}")
        n = self.name
        _check_routers(n, self.routers)
        _check_all(n, "models", self.models, ModuleType, "a module that defines tables")
        for module in self.models:
            if not _defines_tables(module):
                _fail(n, "models", module, "a module that defines at least one table")
        _check_all(n, "jobs", self.jobs, ScheduledJob, "a job made with @consult.jobs.scheduled")
        if self.seeder is not None and (isinstance(self.seeder, str) or not callable(self.seeder)):
            _fail(n, "seeder", self.seeder, "a function seed(db, options) -> str")
        _check_all(n, "seed_after", self.seed_after, str, "a domain's name")
        _check_all(n, "purgers", self.purgers, RetentionPurger, "a RetentionPurger")
        _check_all(n, "subject_access", self.subject_access, SubjectSource, "a SubjectSource")
        _check_callables(n, "figures", self.figures)
        _check_callables(n, "series", self.series)
        _check_all(n, "queue", self.queue, QueueSource, "a consult.queue.QueueSource")
        _check_all(n, "record_logs", self.record_logs, RecordLog, "a consult.report_log.RecordLog")
        _check_callables(n, "loads", self.loads)
        _check_callables(n, "home", self.home)
        _check_callables(n, "startup", self.startup)
        if self.templates is not None and not (isinstance(self.templates, Path) and self.templates.is_dir()):
            _fail(n, "templates", self.templates, "an existing templates folder (a Path)")


@dataclass(frozen=True)
class Composition:
    """Every contract's contributions, flattened in the order of the contracts."""

    contracts: tuple[DomainContract, ...]
    jobs: dict[str, ScheduledJob] = field(default_factory=dict)
    purgers: dict[str, RetentionPurger] = field(default_factory=dict)
    sources: dict[str, SubjectSource] = field(default_factory=dict)
    record_logs: dict[str, RecordLog] = field(default_factory=dict)
    # (method, path) of the routes tried before every router (compose's `first`), in that order.
    first: tuple[tuple[str, str], ...] = ()

    @property
    def routers(self) -> list[APIRouter]:
        return [r for c in self.contracts for r in c.routers]

    @property
    def first_routes(self) -> list[Any]:
        """The routes named in `first`, in that order: the route objects of the routers above,
        which the web app also tries before every router (they stay in their own routers too)."""
        return [_route(self.contracts, method, path) for method, path in self.first]

    @property
    def models(self) -> list[ModuleType]:
        return [m for c in self.contracts for m in c.models]

    @property
    def seeders(self) -> list[tuple[str, Seeder]]:
        """(domain, seeder) with each after the domains it names in `seed_after`, else in contract order."""
        done: set[str] = set()
        waiting = list(self.contracts)
        ordered: list[DomainContract] = []
        while waiting:
            ready = next(c for c in waiting if done.issuperset(c.seed_after))  # compose() rules out cycles
            waiting.remove(ready)
            done.add(ready.name)
            ordered.append(ready)
        return [(c.name, c.seeder) for c in ordered if c.seeder is not None]

    @property
    def figures(self) -> list[FigureProvider]:
        return [f for c in self.contracts for f in c.figures]

    @property
    def series(self) -> list[FigureProvider]:
        return [f for c in self.contracts for f in c.series]

    @property
    def queue(self) -> list[QueueSource]:
        return [q for c in self.contracts for q in c.queue]

    def record_log(self, name: str) -> RecordLog:
        """The record log a domain contributes under `name`; ContractError naming what is there if none."""
        if name not in self.record_logs:
            raise ContractError(f"no domain contributes the record log {name!r}; "
                                f"contributed: {', '.join(self.record_logs) or 'none'}")
        return self.record_logs[name]

    @property
    def loads(self) -> list[LoadProvider]:
        return [f for c in self.contracts for f in c.loads]

    @property
    def home(self) -> list[Callable[..., Any]]:
        return [f for c in self.contracts for f in c.home]

    @property
    def startup(self) -> list[Callable[[], object]]:
        return [h for c in self.contracts for h in c.startup]

    @property
    def templates(self) -> list[Path]:
        return [c.templates for c in self.contracts if c.templates is not None]


def _unique(kind: str, items: Iterable[tuple[str, str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for domain, name, item in items:
        if name in found:
            raise ContractError(f"{kind} {name!r} is declared by both {owner[name]!r} and {domain!r}")
        found[name], owner[name] = item, domain
    return found


def _no_seed_cycle(contracts: tuple[DomainContract, ...]) -> None:
    done: set[str] = set()
    waiting = list(contracts)
    while waiting:
        ready = [c for c in waiting if done.issuperset(c.seed_after)]
        if not ready:
            raise ContractError(f"seed_after goes round in a circle among {', '.join(c.name for c in waiting)}")
        for c in ready:
            waiting.remove(c)
            done.add(c.name)


def _route(contracts: tuple[DomainContract, ...], method: str, path: str) -> Any:
    # By shape (a route's `path` and `methods`), as _check_routers: this module never imports FastAPI.
    for contract in contracts:
        for router in contract.routers:
            for route in router.routes:
                if getattr(route, "path", None) == path and method in (getattr(route, "methods", None) or ()):
                    return route
    raise ContractError(f"the composition puts {method} {path} first, but no domain's router has that route")


def compose(contracts: Iterable[DomainContract], *, first: Iterable[tuple[str, str]] = ()) -> Composition:
    """Check the set of contracts and flatten it; order is the order given (routers, seeders,
    erasure: the accounts source comes last because the others find a person through their account).

    `first` names routes, (method, path), that the web app tries before every router: the public
    calls asked most often, so that they do not wait while every other route is tried."""
    contracts = tuple(contracts)
    first = tuple(first)
    for contract in contracts:
        if not isinstance(contract, DomainContract):
            raise ContractError(f"the composition lists {contract!r}, which is not a DomainContract")
    names = _unique("domain", ((c.name, c.name, c) for c in contracts))
    for c in contracts:
        for other in c.seed_after:
            if other not in names:
                raise ContractError(f"domain {c.name!r}: seed_after names {other!r}, which is not a domain; "
                                    f"known: {', '.join(names)}")
    _no_seed_cycle(contracts)
    for method, path in first:
        _route(contracts, method, path)  # a route renamed or removed stops start-up, never silently drops out
    return Composition(
        contracts=contracts,
        first=first,
        jobs=_unique("job", ((c.name, j.name, j) for c in contracts for j in c.jobs)),
        purgers=_unique("retention purger", ((c.name, p.name, p) for c in contracts for p in c.purgers)),
        sources=_unique("subject access source", ((c.name, s.name, s) for c in contracts for s in c.subject_access)),
        record_logs=_unique("record log", ((c.name, r.name, r) for c in contracts for r in c.record_logs)),
    )


_installed: Composition | None = None


def install(composition: Composition) -> Composition:
    """Make `composition` the one the registries read (the composition root calls this once)."""
    global _installed
    _installed = composition
    return composition


def installed() -> Composition:
    if _installed is None:
        raise ContractError("no domains are installed: import consult.domains (the composition root) first")
    return _installed

