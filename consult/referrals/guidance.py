"""Printable guidance for the referrer when a referral is not eligible: why, and where the family
can be supported instead, in the active profile's words (its contacts)."""
from __future__ import annotations

from dataclasses import dataclass

from consult.profiles import Profile
from consult.referrals.models import Referral


@dataclass(frozen=True)
class Section:
    heading: str
    text: str


def not_eligible_guidance(referral: Referral, profile: Profile) -> list[Section]:
    contacts = profile.contacts
    sections = [
        Section("Why the service cannot take this referral", referral.guidance or ""),
        Section("Universal and targeted support", contacts.universal_offer),
        Section("Perinatal mental health services", contacts.perinatal_mental_health),
    ]
    for place, text in contacts.out_of_area.items():
        sections.append(Section(f"Families living in {place}", text))
    sections.append(Section("If you are worried about a child's safety", contacts.safeguarding))
    sections.append(Section("In an emergency", contacts.emergency))
    return sections
