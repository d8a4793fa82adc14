"""Every module that defines tables, so Alembic and tests see the whole schema.

The modules are those the domain contracts declare (`models=(...)`, see consult/domains.py); importing
the composition root imports them all."""
from __future__ import annotations

from types import ModuleType


def import_all_models() -> list[ModuleType]:
    from consult.domains import COMPOSITION

    return COMPOSITION.models
