"""The one error vocabulary every domain speaks: not found, not allowed, conflict, invalid.

Domains raise these (or their own subclasses, so existing raise sites keep their names) and never
know about HTTP, Slack or pages; each transport maps the four kinds once: `consult.core.http_errors`
for the JSON API and the pages, `bot.errors` for Slack. A message is always safe to show to the
person who asked: it never holds a family's details.
"""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """Base of the four kinds. `message` is what the user reads; `detail` is the machine-readable
    form a JSON answer carries (the message unless a kind says more)."""

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    @property
    def detail(self) -> Any:
        return self.message


class NotFound(DomainError):
    """No such record, or none the caller may see (the two are answered alike)."""


class NotAllowed(DomainError):
    """The caller may see the record but not do this to it."""


class NotSignedIn(NotAllowed):
    """The caller must first prove who they are (sign in, or send their token): 401, not 403."""


class Conflict(DomainError):
    """The record's state forbids this now: already claimed, slot taken, duplicate, closed."""


class Invalid(DomainError):
    """The input is wrong: `field` names it (dotted for nested fields) and `code` says how."""

    def __init__(self, field: str | None, code: str, message: str) -> None:
        DomainError.__init__(self, message, field=field, code=code)

    @property
    def detail(self) -> Any:
        # The same shape as a schema error, so a client reads both kinds one way. Without a field
        # the message alone, as the workforce API has always answered.
        if not self.field:
            return self.message
        return [{"loc": ["body", *self.field.split(".")], "msg": self.message, "type": self.code or "value_error"}]


def kind_of(exc: DomainError) -> str:
    """The kind's name, for transports that key a table by it."""
    for kind in (NotFound, NotSignedIn, NotAllowed, Conflict, Invalid):
        if isinstance(exc, kind):
            return kind.__name__
    return "DomainError"


def field_messages(exc: DomainError) -> dict[str, str]:
    """Messages by form field, for a page that shows each beside its field ("form" when none).
    A kind may carry several (`errors`), as the supervision group form does."""
    errors = getattr(exc, "errors", None)
    if isinstance(errors, dict) and errors:
        return {str(k): str(v) for k, v in errors.items()}
    return {exc.field or "form": exc.message}


# A domain that raises one class with a code ("not_found", "full", ...) keeps doing so: the code
# picks a subclass of the right kind, as OSError's errno picks FileNotFoundError.
CODE_KINDS: dict[str, type[DomainError]] = {
    "not_found": NotFound, "not_allowed": NotAllowed, "duplicate": Conflict, "closed": Conflict,
    "full": Conflict, "conflict": Conflict, "invalid": Invalid,
}


def kinds_by_code(base: type[DomainError]) -> dict[str, type[DomainError]]:
    """One subclass of `base` per code, each also of the code's kind (see `CODE_KINDS`)."""
    return {code: type(f"{base.__name__}[{code}]", (base, kind), {"__module__": base.__module__})
            for code, kind in CODE_KINDS.items()}
