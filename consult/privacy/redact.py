"""Find and mask identifiers in free text before it is logged, audited, sent or stored unencrypted.

One module for every door: `redact` masks the shapes identifiers take (NHS numbers, phone
numbers, dates, postcodes, email addresses) and is what logs and audit details pass through;
`redact_people` also masks names, addresses and birth dates in text a person typed (the FAQ's
unanswered log); `identifier_kind` says what was found without echoing it. A guard, not a
guarantee: names cannot be recognised reliably, so free text that may hold them is also
stored encrypted.
"""
from __future__ import annotations

import re

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}"  # "september" is sep + 6
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # RFC 5321 limits: a local part of at most 64 characters, labels of at most 63.
    ("[email]", re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}")),
    # Dates before numbers, so "02/03/1994" is not half-eaten by the phone pattern.
    ("[date]", re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.I)),
    ("[date]", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s{{1,3}}{_MONTHS}\.?,?\s{{1,3}}\d{{2,4}}\b", re.I)),
    # NHS numbers: ten digits, often written 3-3-4 with spaces or hyphens.
    ("[nhs number]", re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")),
    # UK phone numbers: +44 or 0, then 9-10 more digits with optional spaces/brackets/hyphens.
    ("[phone]", re.compile(r"(?:\+44\s?\(?0?\)?|\b0)\d(?:[\s()-]?\d){8,9}\b")),
    ("[postcode]", re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s{0,3}\d[A-Z]{2}\b", re.I)),
    # Any other long free-standing run of digits (other systems' numbers); our references keep theirs.
    # The one unbounded repeat: the lookbehind lets a match start only where a run of digits starts,
    # and the possessive `++` never gives digits back, so each digit is read once.
    ("[number]", re.compile(r"(?<![\w-])\d{7,}+(?![\w-])")),
]


# Every pattern above needs a digit or an @: text with neither is returned as it is, unsearched.
# Most of what is logged (event names, channels, entry ids) has neither, and seven searches of each
# value were a measurable share of a FAQ answer's time (issue 23).
_MAY_HOLD_IDENTIFIER = re.compile(r"[\d@]")


def redact(text: str) -> str:
    if not _MAY_HOLD_IDENTIFIER.search(text):
        return text
    for replacement, pattern in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def contains_identifier(text: str) -> bool:
    return redact(text) != text


KINDS = {
    "[email]": "an email address", "[date]": "a date (of birth?)", "[nhs number]": "an NHS number",
    "[phone]": "a phone number", "[postcode]": "a postcode", "[number]": "a long number",
}


_PLACEHOLDER = re.compile(r"\[(?:email|date|nhs number|phone|postcode|number|name|address|date of birth)\]")


def strip_placeholders(text: str) -> str:
    """Text that was redacted, with the labels themselves removed, so that "[nhs number]" in a
    redacted question is not read as a question about NHS numbers."""
    return _PLACEHOLDER.sub(" ", text)


def identifier_kind(text: str) -> str | None:
    """What kind of identifier the text seems to hold ("an NHS number"...), or None."""
    kinds = identifier_kinds(text)
    return kinds[0] if kinds else None


def identifier_kinds(text: str) -> list[str]:
    """Every kind of identifier the text seems to hold, each once, in the order of PATTERNS. Each
    pattern runs on what the earlier ones left (as `redact` does), so "02/03/1994" is one date."""
    found: list[str] = []
    text = text or ""
    for label, pattern in PATTERNS:
        if pattern.search(text) and KINDS[label] not in found:
            found.append(KINDS[label])
        text = pattern.sub(label, text)
    return found


def in_words(items: list[str]) -> str:
    """"a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"

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
_WORD = r"[A-Z][a-z'\-]{1,40}"  # a capitalised word, as long as any name
_TITLE = re.compile(rf"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)\.?\s{{1,3}}{_WORD}(?:[\s-]{_WORD})?")
_CUED_NAME = re.compile(
    # Only the cue ignores case: the name itself must be capitalised.
    rf"\b(?P<cue>(?i:{_NAME_CUES}))(?P<sep>,?\s{{1,3}}(?:is\s{{1,3}}|was\s{{1,3}})?)(?P<name>{_WORD}(?:\s{{1,3}}{_WORD})?)"
)
_POSSESSIVE_NAME = re.compile(rf"\b(?P<name>{_WORD})'s\s{{1,3}}(?=(?:mum|dad|baby|mother|father|son|daughter|partner)\b)")
_ADDRESS = re.compile(
    r"\b\d{1,4}[a-z]?,?\s{1,3}(?:[A-Z][a-z]{1,30}\s{1,3}){1,3}"
    r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Court|Ct|Place|Pl|Gardens|Crescent|Terrace|Grove|Hill|Walk|Square|Row|Mews|Park)\b\.?"
)
_BORN_ON = re.compile(
    r"\b(?:born|dob|d\.o\.b\.?|birthday)\s{0,3}(?:on|is|:)?\s{0,3}(?:the\s{1,3})?\d{1,2}(?:st|nd|rd|th)?"
    r"\s{1,3}[A-Za-z]{3,9}(?:\s{1,3}\d{2,4})?\b", re.I)


def _cued(match: re.Match[str]) -> str:
    name = match.group("name")
    first = name.split()[0]
    if first in _NOT_NAMES or first.lower() in {"is", "was", "has", "had", "and", "who", "not"}:
        return match.group(0)
    return f"{match.group('cue')}{match.group('sep')}[name]"


def redact_people(text: str) -> str:
    """Free text typed by a person, with names, addresses and birth dates masked as well as the
    shapes above: [name], [address], [date of birth], [nhs number]..."""
    text = _ADDRESS.sub("[address]", text or "")
    text = _BORN_ON.sub("[date of birth]", text)
    text = redact(text)
    text = _TITLE.sub("[name]", text)
    text = _POSSESSIVE_NAME.sub(lambda m: m.group(0) if m.group("name") in _NOT_NAMES else "[name]'s ", text)
    return _CUED_NAME.sub(_cued, text)

