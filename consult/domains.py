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

COMPOSITION: Composition = install(compose(CONTRACTS))
use_template_dirs(COMPOSITION.templates)
