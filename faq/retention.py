"""Retention for the FAQ: the text of an unanswered question is kept for the profile's
`retention.unanswered_question_days`, then cleared. The row stays, so the counts of questions
and of unanswered ones (the commissioner's figures) do not change. Declared in faq's
contract; consult.privacy.retention runs it every night."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from consult.contract import RetentionPurger
from faq.models import FaqQuestion


def clear_old_question_text(db: Session, cutoff: datetime) -> int:
    result = db.execute(
        update(FaqQuestion)
        .where(FaqQuestion.asked_at < cutoff, FaqQuestion.text_redacted.is_not(None))
        .values(text_redacted=None)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


PURGER = RetentionPurger("faq_questions", clear_old_question_text,
                         keep_for=lambda profile: timedelta(days=profile.retention.unanswered_question_days))
