"""Every module that defines tables, so Alembic and tests see the whole schema."""
from __future__ import annotations

import importlib

MODEL_MODULES = [
    "consult.auth.models",
    "consult.core.models",
    "consult.workforce.models",
    "booking.models",
    "consult.privacy.audit",
    "consult.privacy.consent",
    "consult.consultations.models",
    "bot.models",
    "faq.models",
    "consult.referrals.models",
    "consult.telephony.models",
]


def import_all_models() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
