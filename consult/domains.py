"""The composition root's one list of domain contracts (each package's `contract.py`).

Order matters in two places: routers are mounted in this order (readiness's /referrals/check
before referrals' /referrals/{reference}), and erasure runs the subject access sources in this
order (privacy's accounts last). Seeders run in this order too, except that each waits for the
domains its contract names in `seed_after`. Importing this
module checks every contract and installs the composition, so a wrong contribution stops start-up.

A new domain adds `<package>/contract.py` with `CONTRACT = DomainContract(...)` and one line here.
"""
from __future__ import annotations

from booking.contract import CONTRACT as booking
from bot.contract import CONTRACT as bot
from consult.auth.contract import CONTRACT as auth
from consult.consultations.contract import CONTRACT as consultations
from consult.contract import Composition, DomainContract, compose, install
from consult.core.contract import CONTRACT as core
from consult.pathway.contract import CONTRACT as pathway
from consult.privacy.contract import CONTRACT as privacy
from consult.readiness.contract import CONTRACT as readiness
from consult.referrals.contract import CONTRACT as referrals
from consult.reporting.contract import CONTRACT as reporting
from consult.signin.contract import CONTRACT as signin
from consult.telephony.contract import CONTRACT as telephony
from consult.voice.contract import CONTRACT as voice
from consult.web import use_template_dirs
from consult.workforce.contract import CONTRACT as workforce
from faq.contract import CONTRACT as faq

CONTRACTS: tuple[DomainContract, ...] = (
    core, auth, signin, booking, voice, readiness, pathway, referrals, consultations, workforce, telephony, reporting, faq, bot, privacy,
)

# The public calls asked most often, tried before every router (FastAPI tries routes in order, and
# these live in routers mounted up to 29th of 31): the same route objects, so the same answers, and
# still in their own routers (so /openapi.json is unchanged). Slack's route, when configured, comes
# before these. tests/test_route_order.py checks that no route is shadowed by one tried before it.
FIRST: tuple[tuple[str, str], ...] = (
    ("GET", "/healthz"),
    ("GET", "/api/triage/slots"),
    ("GET", "/book"),
    ("POST", "/api/faq/answer"),
    ("GET", "/faq"),
    ("POST", "/api/referrals/readiness"),
    ("GET", "/service"),
)

COMPOSITION: Composition = install(compose(CONTRACTS, first=FIRST))
use_template_dirs(COMPOSITION.templates)
