"""What accounts contribute: the users, API tokens and web sessions tables, and the purge of
ended sessions (the sign-in pages are consult.signin)."""
from __future__ import annotations

from consult.auth import models, session_retention
from consult.contract import DomainContract

CONTRACT = DomainContract(name="auth", models=(models,), purgers=(session_retention.PURGER,))
