"""Subject access and erasure for a named person, across every package that holds their data.

Each domain declares its sources in its contract: `export(db, subject) -> dict | list | None` returns
what it holds about the person (None or empty when nothing), `erase(db, subject) -> int` removes or
anonymises it and returns how many records changed. A `Subject` is looked up by email today
(users, practitioners); referrals add NHS-number lookups for families with a source that reads
`subject.nhs_number`.

    SOURCE = SubjectSource("referrals", export=export_referrals, erase=erase_referrals)
    CONTRACT = DomainContract(name="referrals", subject_access=(SOURCE,), ...)

Erasure runs the sources in the order of the contracts in consult/domains.py. Accounts (the
privacy contract) come last: the consultation and workforce sources find the person's rows through
the account's email, which erasing the account clears.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.contract import SubjectSource, installed
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


Source = SubjectSource  # the name this module used before sources moved into the contracts


def load_sources() -> dict[str, SubjectSource]:
    """Every source of the installed domain contracts, in erasure order."""
    return installed().sources


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
