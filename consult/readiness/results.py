"""What a readiness check produces: findings grouped into checklist items."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from consult.profiles import Profile
from consult.readiness.schemas import Finding


@dataclass(frozen=True)
class Context:
    profile: Profile
    as_of: date


@dataclass(frozen=True)
class Outcome:
    problems: tuple[Finding, ...] = ()
    warnings: tuple[Finding, ...] = ()
    # Shown beside a tick when the item passes, e.g. "Thanet is in Kent."
    note: str = ""


@dataclass(frozen=True)
class CheckItem:
    key: str
    title: str
    outcome: Outcome

    @property
    def status(self) -> str:
        if self.outcome.problems:
            return "problem"
        return "warning" if self.outcome.warnings else "ok"


@dataclass(frozen=True)
class Readiness:
    items: tuple[CheckItem, ...]
    guidance: str = ""
    problems: tuple[Finding, ...] = field(init=False)
    warnings: tuple[Finding, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "problems", tuple(f for i in self.items for f in i.outcome.problems))
        object.__setattr__(self, "warnings", tuple(f for i in self.items for f in i.outcome.warnings))

    @property
    def ready(self) -> bool:
        return not self.problems


def finding(code: str, field_name: str, message: str) -> Finding:
    return Finding(code=code, field=field_name, message=message)
