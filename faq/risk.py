"""Does a question mention risk to a baby or a parent? Then the FAQ must not answer it as routine.

Broader than `consult.safety.mentions_immediate_risk` (which decides whether to alert the duty
clinician at once): here any mention of harm, abuse, neglect, danger or suicide, even in a
general question, is routed to a person, and a few common misspellings are caught.
"""
from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from consult.safety import mentions_immediate_risk

_BROAD = re.compile(
    r"\b(?:harm\w*|hurt\w*|abus\w*|neglect\w*|danger\w*|unsafe|suicid\w*|kill\w*|die|dying|dead|death|"
    r"violen\w*|assault\w*|injur\w*|bruis\w*|fractur\w*|smother\w*|shak(?:e|en|ing)\s+(?:the\s+)?baby|"
    r"hit(?:s|ting)?\s+(?:the|her|his|their|my)\s+(?:baby|child|partner)|threat\w*|weapon\w*|knife|"
    r"overdos\w*|self[\s-]?harm\w*|cutting\s+(?:her|him|them)sel\w*|starv\w*|abandon\w*|"
    r"at\s+risk|not\s+safe|hears?\s+voices|hearing\s+voices|psychos\w*|psychotic|coercive\w*|controlling\s+partner)\b",
    re.IGNORECASE,
)
# Stems checked with one typo allowed ("sucidal", "abuze", "negelct").
_FUZZY_WORDS = ("suicide", "suicidal", "abuse", "abused", "abusive", "neglect", "neglected", "danger",
                "dangerous", "overdose", "selfharm", "harming", "violence", "violent", "injured", "smothered")
_WORD = re.compile(r"[a-z]+")


def mentions_risk(text: str) -> bool:
    if not text:
        return False
    if mentions_immediate_risk(text) or _BROAD.search(text):
        return True
    return any(len(word) >= 6 and _near_risk_word(word) for word in _WORD.findall(text.lower()))


@lru_cache(maxsize=8192)  # per word: the same words recur in question after question
def _near_risk_word(word: str) -> bool:
    return process.extractOne(word, _FUZZY_WORDS, scorer=OSA.distance, score_cutoff=1) is not None
