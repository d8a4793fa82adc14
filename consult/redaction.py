"""Redaction for free text that is kept in plain form (the FAQ's unanswered-question log,
chat transcripts): `redact(text) -> str` and `contains_identifier(text) -> bool`.

It builds on `consult.privacy.redact` (NHS numbers, dates, phone numbers, postcodes, emails,
long digit runs) and adds what a question typed in a hurry tends to carry as well: names
after words such as "called", "named", "mum" or "baby", titles ("Mrs Okafor"), street
addresses and ages written as dates of birth. A guard, not a guarantee: pure, no I/O.
"""
from __future__ import annotations

import re

from consult.privacy.redact import redact as _redact_shapes

# Words after which a capitalised word is very likely somebody's name.
_NAME_CUES = (
    r"called|named|name is|names? (?:are|is)|known as|mum|mummy|mother|mam|dad|daddy|father|baby|babies|son|"
    r"daughter|partner|husband|wife|boyfriend|girlfriend|grandma|grandmother|nan|nanny|grandad|grandfather|"
    r"sister|brother|aunt|auntie|uncle|carer|twins?|infant|child|toddler|client|patient|family|surname"
)
# Capitalised words that follow those cues without being names.
_NOT_NAMES = frozenset(
    """I I'm Is Has Had Was Who What When Where Why How And But Or The A An If So To In On At Of For With From
    Is Does Did Can Could Would Should Will May Might Must Are Were Be Been Being Not No Yes It This That These
    Those He She They We You Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March
    April May June July August September October November December NHS GP HV PIMHS PIMH BSL English""".split()
)
_TITLE = re.compile(r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'\-]+(?:[\s-][A-Z][a-z'\-]+)?")
_CUED_NAME = re.compile(
    # Only the cue ignores case: the name itself must be capitalised.
    rf"\b(?P<cue>(?i:{_NAME_CUES}))(?P<sep>,?\s+(?:is\s+|was\s+)?)(?P<name>[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?)"
)
_POSSESSIVE_NAME = re.compile(r"\b(?P<name>[A-Z][a-z'\-]+)'s\s+(?=(?:mum|dad|baby|mother|father|son|daughter|partner)\b)")
_ADDRESS = re.compile(
    r"\b\d{1,4}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Place|Pl|Gardens|Crescent|Terrace|Grove|Hill|Walk|Square|Row|Mews|Park)\b\.?"
)
_BORN_ON = re.compile(r"\b(?:born|dob|d\.o\.b\.?|birthday)\s*(?:on|is|:)?\s*(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]{3,9}(?:\s+\d{2,4})?\b", re.I)


def _cued(match: re.Match[str]) -> str:
    name = match.group("name")
    first = name.split()[0]
    if first in _NOT_NAMES or first.lower() in {"is", "was", "has", "had", "and", "who", "not"}:
        return match.group(0)
    return f"{match.group('cue')}{match.group('sep')}[name]"


def redact(text: str) -> str:
    """The text with identifiers replaced by labels such as [name], [nhs number], [date]."""
    text = _ADDRESS.sub("[address]", text or "")
    text = _BORN_ON.sub("[date of birth]", text)
    text = _redact_shapes(text)
    text = _TITLE.sub("[name]", text)
    text = _POSSESSIVE_NAME.sub(lambda m: m.group(0) if m.group("name") in _NOT_NAMES else "[name]'s ", text)
    return _CUED_NAME.sub(_cued, text)


def contains_identifier(text: str) -> bool:
    return redact(text) != (text or "")
