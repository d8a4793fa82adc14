"""Families' feedback (the Friends and Family Test) and the card that asks for it.

Nothing identifies the sender: the row holds the rating, the comment and the day, no account,
address or browser. A comment that seems to name someone or hold a number, date or address is
refused with the reason (rules.comment_problem), so the family can say it another way and no
identifier is ever written down.
"""
from __future__ import annotations

import io

import segno
from sqlalchemy.orm import Session

from consult import clock
from consult.voice import rules
from consult.voice.errors import InvalidInput
from consult.voice.models import RATINGS, FamilyFeedback

MAX_COMMENT = 2000


def record_feedback(*, db: Session, rating: str, comment: str | None) -> FamilyFeedback:
    if rating not in RATINGS:
        raise InvalidInput("rating", "choose one of the answers")
    text = (comment or "").strip() or None
    if text is not None and len(text) > MAX_COMMENT:
        raise InvalidInput("comment", f"keep your comment under {MAX_COMMENT} characters")
    problem = rules.comment_problem(text)
    if problem:
        raise InvalidInput("comment", problem)
    row = FamilyFeedback(given_on=clock.today_local(), rating=rating, comment=text)
    db.add(row)
    db.flush()
    return row


def qr_svg(url: str) -> str:
    """An SVG QR code for the short link, sized for print (scale is in px per module)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=8, border=2, xmldecl=False, svgns=True,
                                    title="QR code for the feedback page", nl=False)
    return buffer.getvalue().decode("utf-8")
