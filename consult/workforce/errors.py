"""The training rules' refusals, apart from training.py so the booking command can raise them too."""
from __future__ import annotations

from typing import Any, cast

from consult.core.errors import DomainError, kinds_by_code


class TrainingError(DomainError, ValueError):
    """A request the rules refuse; `code` picks the kind of error (not found, conflict, invalid)."""

    def __new__(cls, code: str, message: str) -> TrainingError:
        kind = _TRAINING_KINDS.get(code, cls) if cls is TrainingError else cls
        return cast(TrainingError, super().__new__(kind, code, message))

    def __init__(self, code: str, message: str) -> None:
        DomainError.__init__(self, message, code=code)

    @property
    def detail(self) -> Any:
        return self.message  # the workforce API has always answered with the sentence alone


_TRAINING_KINDS = kinds_by_code(TrainingError)
