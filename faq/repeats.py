"""One record for one question: opening the same `/faq?q=` address again (a reload, the back button,
a shared link clicked twice) within REPEAT_WINDOW is the same question from the same visitor, so it
is not logged again. Pure functions over a small dict the page keeps in the visitor's session: a
hash of the question (never its words, which may hold a slip of identifying detail), the logged
question's id and when it was asked.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

REPEAT_WINDOW = timedelta(minutes=30)
KEEP = 20  # questions remembered per visitor: enough for a session of searching, small in a cookie


def question_key(question: str) -> str:
    """The same for the same words, whatever their case or spacing."""
    normal = " ".join(question.lower().split())
    return hashlib.sha256(normal.encode()).hexdigest()[:16]


def repeat_of(seen: dict[str, object], key: str, now: datetime) -> int | None:
    """The logged question this one repeats, if the visitor asked it within the window."""
    found = seen.get(key)
    if not isinstance(found, list) or len(found) != 2:
        return None
    question_id, asked = found
    if not isinstance(question_id, int) or not isinstance(asked, (int, float)):
        return None
    return question_id if now.timestamp() - asked < REPEAT_WINDOW.total_seconds() else None


def remember(seen: dict[str, object], key: str, question_id: int, now: datetime) -> dict[str, object]:
    """`seen` with this question added, those past the window dropped, and at most KEEP kept."""
    cutoff = now.timestamp() - REPEAT_WINDOW.total_seconds()
    fresh = {k: v for k, v in seen.items() if k != key and isinstance(v, list) and len(v) == 2
             and isinstance(v[1], (int, float)) and v[1] >= cutoff}
    newest = sorted(fresh.items(), key=lambda item: item[1][1])[-(KEEP - 1):]
    return {**dict(newest), key: [question_id, now.timestamp()]}
