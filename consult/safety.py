"""Does a message say someone may be at immediate risk? A pure rule used by every chat transport.

Deliberately broad: a false alarm costs a clinician a minute, a missed one could cost a life.
Anything it flags is routed to a person (safeguarding route, emergency numbers, the duty
clinician), never answered by the FAQ.
"""
from __future__ import annotations

import re

_PHRASES = [
    r"suicid\w*", r"kill (?:my|her|him|them)sel(?:f|ves)", r"end (?:my|her|his|their) (?:own )?life",
    r"(?:wants?|want(?:ed|ing)?|going|plan\w*|threaten\w*) to (?:die|hurt|harm|kill)",
    r"self[- ]?harm\w*", r"overdos\w*", r"hurt(?:ing)? (?:the|her|his|their|my) (?:baby|infant|child)",
    r"harm(?:ing)? (?:the|her|his|their|my) (?:baby|infant|child)", r"sh(?:ake|aken|aking|ook) (?:the |her |his |their |my )?(?:baby|infant)",  # noqa: E501
    r"immediate (?:danger|risk)", r"in danger", r"unsafe (?:at|to go) home", r"not safe",
    r"(?:baby|infant|child) (?:is |was )?(?:injured|unresponsive|not breathing)", r"psychos\w*", r"psychotic",
    r"domestic (?:abuse|violence)", r"being (?:hit|beaten|strangled)", r"strangl\w*",
    r"no (?:reason|point) (?:to|in) (?:live|living|go(?:ing)? on)",
]
_RISK = re.compile(r"\b(?:" + "|".join(_PHRASES) + r")\b", re.IGNORECASE)


def mentions_immediate_risk(text: str) -> bool:
    return bool(_RISK.search(text or ""))
