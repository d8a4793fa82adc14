"""A check that free text about a case does not carry obvious identifiers.

Summaries and advice are meant to be non-identifying; this catches the common slips (an NHS or
phone number, a date of birth, a postcode, an email address) before they are stored or sent.
It is a safety net, not a guarantee, which is why the text is also encrypted at rest.
"""
from __future__ import annotations

import re

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b"), "an NHS number"),
    (re.compile(r"(?:\+44\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b"), "a phone number"),
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}\b"), "a date (of birth?)"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE), "a postcode"),
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), "an email address"),
)


def identifying_problem(text: str) -> str | None:
    """A message naming what looks identifying (never echoing it), or None when the text looks clean."""
    for pattern, what in _PATTERNS:
        if pattern.search(text or ""):
            return (f"this looks like it contains {what}; remove it so the family cannot be identified "
                    "(use a secure referral for identifiable details)")
    return None
