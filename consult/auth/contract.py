"""What accounts contribute: the users and API tokens tables (the sign-in pages are consult.signin)."""
from __future__ import annotations

from consult.auth import models
from consult.contract import DomainContract

CONTRACT = DomainContract(name="auth", models=(models,))
