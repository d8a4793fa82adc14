"""Remove identifiers from free text before it is logged, audited or stored unencrypted.

A guard, not a guarantee: it catches the shapes identifiers usually take (NHS numbers, phone
numbers, dates, postcodes, email addresses). Names cannot be recognised reliably, which is why
free text that may hold them is stored encrypted instead.
"""
from __future__ import annotations

import re

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("[email]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    # Dates before numbers, so "02/03/1994" is not half-eaten by the phone pattern.
    ("[date]", re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.I)),
    ("[date]", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+\d{{2,4}}\b", re.I)),
    # NHS numbers: ten digits, often written 3-3-4 with spaces or hyphens.
    ("[nhs number]", re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")),
    # UK phone numbers: +44 or 0, then 9-10 more digits with optional spaces/brackets/hyphens.
    ("[phone]", re.compile(r"(?:\+44\s?\(?0?\)?|\b0)\d(?:[\s()-]?\d){8,9}\b")),
    ("[postcode]", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.I)),
    # Any other long free-standing run of digits (other systems' numbers); our references keep theirs.
    ("[number]", re.compile(r"(?<![\w-])\d{7,}(?![\w-])")),
]


def redact(text: str) -> str:
    for replacement, pattern in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def contains_identifier(text: str) -> bool:
    return redact(text) != text
