"""Subject access and erasure for a named person, across every package that holds their data.

Each package registers a source: `export(db, subject) -> dict | list | None` returns what it
holds about the person (None or empty when nothing), `erase(db, subject) -> int` removes or
anonymises it and returns how many records changed. A `Subject` is looked up by email today
(users, practitioners); referrals add NHS-number lookups for families by registering a source
that reads `subject.nhs_number`.

    from consult.privacy.subject_access import register_source
    register_source("referrals", export=export_referrals, erase=erase_referrals)
"""
from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.privacy.audit import Action, record_event
from consult.privacy.crypto import blind_index


# The audit actor for changes an erasure makes in any source, so the trail reads the same everywhere.
ERASURE_ACTOR = "erasure request"


@dataclass(frozen=True)
class Subject:
    email: str | None = None
    nhs_number: str | None = None

    def __post_init__(self) -> None:
        if not (self.email or self.nhs_number):
            raise ValueError("name the person by email or NHS number")
        if self.email:
            object.__setattr__(self, "email", self.email.strip().lower())
        if self.nhs_number:
            object.__setattr__(self, "nhs_number", "".join(ch for ch in self.nhs_number if ch.isdigit()))

    @property
    def reference(self) -> str:
        """How the audit log names the request without naming the person."""
        key = self.email or self.nhs_number or ""
        return f"subject:{blind_index(key)[:16]}"


Exporter = Callable[[Session, Subject], Any]
Eraser = Callable[[Session, Subject], int]


@dataclass(frozen=True)
class Source:
    name: str
    export: Exporter
    erase: Eraser


SOURCES: dict[str, Source] = {}
# Modules that register sources when imported, in the order erasure runs them. Accounts come
# last: the consultation and workforce sources find the person's rows through the account's
# email, which erasing the account clears.
SOURCE_MODULES: list[str] = ["booking.privacy", "consult.referrals.privacy", "consult.consultations.privacy",
                             "consult.workforce.privacy", "consult.telephony.privacy", "consult.privacy.accounts"]


def register_source(name: str, *, export: Exporter, erase: Eraser) -> None:
    SOURCES[name] = Source(name=name, export=export, erase=erase)


def load_sources() -> dict[str, Source]:
    """Every source, in SOURCE_MODULES order whichever module happened to be imported first."""
    for module in SOURCE_MODULES:
        importlib.import_module(module)
    position = {module: i for i, module in enumerate(SOURCE_MODULES)}
    return dict(sorted(SOURCES.items(), key=lambda item: position.get(item[1].export.__module__, len(position))))


def subject_user_ids(db: Session, subject: Subject) -> list[int]:
    """The ids of the accounts with the person's email (none once their account is erased)."""
    if not subject.email:
        return []
    return list(db.scalars(select(User.id).where(User.email == subject.email)))


def export_subject(*, db: Session, subject: Subject, actor: Any = "pimh cli") -> dict[str, Any]:
    """Everything held about the person, by source; the export itself is audited."""
    held = {}
    for source in load_sources().values():
        data = source.export(db, subject)
        if data:
            held[source.name] = data
    record_event(db=db, actor=actor, action=Action.export, record=subject.reference,
                 detail=f"subject access export: {', '.join(held) or 'nothing held'}")
    return {
        "generated_at": clock.now().isoformat(),
        "subject": {k: v for k, v in asdict(subject).items() if v},
        "data": held,
    }


def erase_subject(*, db: Session, subject: Subject, actor: Any = "pimh cli") -> dict[str, int]:
    """Remove or anonymise the person's data in every source; returns records changed per source."""
    changed = {source.name: source.erase(db, subject) for source in load_sources().values()}
    record_event(db=db, actor=actor, action=Action.purge, record=subject.reference,
                 detail="erasure: " + ", ".join(f"{name} {n}" for name, n in changed.items()))
    return changed
