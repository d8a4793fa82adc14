"""The demo team: invented people only. Idempotent: running it twice adds no one twice."""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from consult.auth.models import Role
from consult.auth.service import add_user, find_user_by_email

if TYPE_CHECKING:
    from consult.seeding import SeedOptions

DEMO_PASSWORD = "demo-password-2026"

# (name, email, role, job role, organisation, organisation type, district)
DEMO_TEAM: list[tuple[str, str, Role, str, str, str, str | None]] = [
    ("Dr Morgan Ellery", "morgan.ellery@pimhs.demo.nhs.net", Role.clinician, "Clinical lead", "PIMHS", "pimhs", None),
    ("Priya Castell", "priya.castell@pimhs.demo.nhs.net", Role.clinician, "Specialist lead", "PIMHS", "pimhs", None),
    ("Tomasz Wren", "tomasz.wren@pimhs.demo.nhs.net", Role.clinician, "Specialist practitioner", "PIMHS", "pimhs", None),
    ("Aisha Brennock", "aisha.brennock@pimhs.demo.nhs.net", Role.clinician, "Specialist practitioner", "PIMHS", "pimhs", None),
    ("Helen Marsh-Oduya", "helen.marsh@pimhs.demo.nhs.net", Role.manager, "Service manager", "PIMHS", "pimhs", None),
    ("Sam Admin", "sam.admin@pimhs.demo.nhs.net", Role.admin, "System administrator", "PIMHS", "pimhs", None),
    ("Jo Pellow", "jo.pellow@demo.nhs.net", Role.practitioner, "Health visitor", "Community health trust", "health_visiting", "Thanet"),
    ("Rafi Donnelly", "rafi.donnelly@demo.nhs.net", Role.practitioner, "Midwife", "Acute hospital trust", "midwifery", "Canterbury"),
    ("Carys Ambler", "carys.ambler@demo.nhs.net", Role.practitioner, "Family Hub practitioner", "County council", "family_hub", "Maidstone"),  # noqa: E501
    ("Leon Fairweather", "leon.fairweather@demo.nhs.net", Role.practitioner, "Early Help worker", "County council", "early_help", "Swale"),
]


def seed(db: Session, options: SeedOptions) -> str:
    added = 0
    for name, email, role, job_role, organisation, organisation_type, district in DEMO_TEAM:
        if find_user_by_email(db=db, email=email):
            continue
        add_user(
            db=db, name=name, email=email, role=role, password=DEMO_PASSWORD, job_role=job_role,
            organisation=organisation, organisation_type=organisation_type, district=district,
        )
        added += 1
    return f"team: {added} added, {len(DEMO_TEAM) - added} already there (password for all: {DEMO_PASSWORD})"
