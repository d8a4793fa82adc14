"""Codes, labels and forgiving normalisation shared by the rules, the guidance and the form."""
from __future__ import annotations

import re

from consult.profiles import Profile

# api.md: these sources are the family referring itself, which the service cannot accept.
SELF_REFERRAL_SOURCES = frozenset({"self", "family", "friend"})

# api.md concern codes, with the words a practitioner would recognise (from the service
# specification's referral criteria).
CONCERNS: dict[str, str] = {
    "not_bonding": "The parent feels they are not bonding with their baby",
    "no_positive_relationship": "The parent feels they do not have a positive relationship with their baby",
    "own_parent_relationship": "A difficult relationship with their own parents is affecting how the parent connects with their baby",
    "negative_thoughts": "The parent has negative thoughts and feelings about their relationship with their baby",
    "trauma": "A traumatic experience is affecting the developing relationship",
    "additional_difficulties": "Other difficulties, such as physical or emotional ill health, are affecting the experience of becoming a parent",  # noqa: E501
    "infant_distress_signs": "The baby shows signs of distress or of insecure or disorganised attachment",
}

_SEPARATORS = re.compile(r"[\s\-]+")
# Bounded: `\s*&` on a long run of spaces without "&" would try every start in the run (quadratic).
_AMPERSAND = re.compile(r"\s{0,20}&\s{0,20}")
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")


def normalise_place(value: str | None) -> str:
    """'  folkestone &  HYTHE ' and 'Folkestone and Hythe' compare equal; so do "King's Lynn" and 'Kings Lynn'."""
    if not value:
        return ""
    text = _AMPERSAND.sub(" and ", value.casefold())
    text = _APOSTROPHES.sub("", text)
    return _SEPARATORS.sub(" ", text).strip()


def normalise_code(value: str | None) -> str:
    """'Health visiting', 'health-visiting' and 'HEALTH_VISITING' all mean health_visiting."""
    if not value:
        return ""
    return _SEPARATORS.sub("_", value.strip().casefold())


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def accepted_sources(profile: Profile) -> str:
    labels = [profile.referral_sources[code].label for code in profile.enabled_sources]
    return join_words(labels) if labels else "no services yet"


def districts_text(profile: Profile) -> str:
    return f"{profile.area_name}'s {len(profile.districts)} districts ({join_words(list(profile.districts))})"


def ordinal(n: int) -> str:
    words = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth"}
    if n in words:
        return words[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
