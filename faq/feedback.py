"""Practitioners' word on an FAQ answer: whether it helped (from the API, the page and Slack).

    record_feedback(*, db, entry_id, helpful, question_id=None, channel="web", question_text=None) -> FaqFeedback
"""
from __future__ import annotations

import structlog
from sqlalchemy import update
from sqlalchemy.orm import Session

from consult import clock
from consult.privacy.redact import redact_people as redact
from faq.models import FaqEntry, FaqFeedback, FaqQuestion
from faq.service import MAX_QUESTION_LENGTH, UnknownEntry

log = structlog.get_logger(__name__)


def record_feedback(*, db: Session, entry_id: str, helpful: bool, question_id: int | None = None,
                    channel: str = "web", question_text: str | None = None) -> FaqFeedback:
    """Record whether an answer helped. "It did not" with the question's wording (the web page
    sends it back) marks the logged question not helpful and keeps its text, redacted, so the
    manager sees it and can teach the FAQ that wording (faq.manage). It stays answered: the
    return's faq_unanswered counts what the FAQ declined, faq_answer_not_helpful what did not help."""
    if db.get(FaqEntry, entry_id) is None:
        raise UnknownEntry(entry_id)
    if question_id is not None and db.get(FaqQuestion, question_id) is None:
        question_id = None  # a stale or forged id must not break the thank-you
    if not helpful and question_id is not None and (question_text or "").strip():
        # Conditional: only an answered question of this entry whose text was not kept yet.
        db.execute(update(FaqQuestion).where(
            FaqQuestion.id == question_id, FaqQuestion.answered.is_(True), FaqQuestion.entry_id == entry_id,
            FaqQuestion.text_redacted.is_(None),
        ).values(not_helpful=True, text_redacted=redact((question_text or "").strip())[:MAX_QUESTION_LENGTH])
            .execution_options(synchronize_session=False))
    row = FaqFeedback(entry_id=entry_id, question_id=question_id, helpful=helpful, channel=channel,
                      created_at=clock.now())
    db.add(row)
    db.flush()
    log.info("faq_feedback", entry_id=entry_id, helpful=helpful, channel=channel)
    return row
