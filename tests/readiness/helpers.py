"""A complete, eligible draft referral with invented details, and a way to change one field."""
from __future__ import annotations

import copy
from typing import Any

# Invented NHS numbers from the 999 test range that pass the Modulus 11 check.
PARENT_NHS = "9990000018"
INFANT_NHS = "9990000026"
FAILS_MODULUS_11 = "9990000019"
AS_OF = "2026-11-23"

DESCRIPTION = ("Mum says she feels nothing when holding the baby and avoids eye contact during feeds "
                 "most days now.")


def complete(changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A draft that passes every check in the Kent profile, with `changes` at dotted paths,
    e.g. complete({"parent.district": "Medway"})."""
    body: dict[str, Any] = {
        "as_of": AS_OF,
        "referrer": {"name": "Ada Invented", "role": "Health visitor", "organisation": "Community trust",
                     "source": "health_visiting", "email": "ada.invented@nhs.net", "phone": "01632 960000"},
        "consent": {"informed_consent_to_referral": True, "data_linkage_consent": True},
        "parent": {"nhs_number": "999 000 0018", "date_of_birth": "1994-03-02", "district": "Thanet",
                   "postcode": "CT9 1AA", "relationship_to_infant": "mother", "interpreter_required": False,
                   "language": "English"},
        "infant": {"nhs_number": "999-000-0026", "date_of_birth": "2026-05-01", "expected_due_date": None},
        "concerns": ["not_bonding"],
        "description": DESCRIPTION,
        "safeguarding": {"concerns": False, "procedures_followed": False, "child_protection_investigation": False},
        "screening": {"mors_sf": {"warmth": 20, "invasion": 12}, "phq9": {"total": 9, "item9": 0}, "gad7": {"total": 6}},
    }
    return changed(body, changes or {})


def changed(body: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A copy of `body` with the dotted paths in `changes` set."""
    out = copy.deepcopy(body)
    for dotted, value in changes.items():
        *parents, leaf = dotted.split(".")
        target = out
        for part in parents:
            target = target.setdefault(part, {})
        target[leaf] = value
    return out
