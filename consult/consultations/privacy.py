"""A check that free text about a case does not carry obvious identifiers.

Summaries and advice are meant to be non-identifying; this catches the common slips (an NHS or
phone number, a date of birth, a postcode, an email address) before they are stored or sent.
It is a safety net, not a guarantee, which is why the text is also encrypted at rest.
"""
from __future__ import annotations

from consult.privacy.redact import identifier_kind


def identifying_problem(text: str) -> str | None:
    """A message naming what looks identifying (never echoing it), or None when the text looks clean."""
    what = identifier_kind(text)
    if what is None:
        return None
    return (f"this looks like it contains {what}; remove it so the family cannot be identified "
            "(use a secure referral for identifiable details)")
