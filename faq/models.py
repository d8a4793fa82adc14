"""FAQ tables: the entries (seeded from faq/content/, edited by managers), every question asked
(text kept only, redacted, for those not answered) and answer feedback."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, Float, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime

CHANNELS = ("web", "api", "slack", "chat")
REASONS = ("answered", "low_confidence", "ambiguous", "no_match", "risk")


class FaqEntry(Base):
    __tablename__ = "faq_entries"
    __table_args__ = (CheckConstraint("length(title) > 0", name="title_not_empty"),
                      CheckConstraint("length(body) > 0", name="body_not_empty"),
                      CheckConstraint("revision >= 1", name="revision_positive"))

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    phrasings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    tags: Mapped[list[Any]] = mapped_column(JSON, default=list)
    owner: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    last_reviewed: Mapped[date] = mapped_column(Date)
    # Bumped on every edit: with the row count it tells every process when to rebuild its index.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class FaqQuestion(Base):
    """One question put to the FAQ. The text is stored, redacted, only when it was not answered or
    the practitioner said the answer did not help: that is what the content owner needs; answered
    ones are counted, not kept."""

    __tablename__ = "faq_questions"
    __table_args__ = (
        CheckConstraint("channel IN ('web', 'api', 'slack', 'chat')", name="channel_known"),
        CheckConstraint(
            "reason IN ('answered', 'low_confidence', 'ambiguous', 'no_match', 'risk')", name="reason_known"
        ),
        CheckConstraint("NOT answered OR text_redacted IS NULL OR not_helpful", name="text_only_when_unanswered_or_unhelpful"),
        CheckConstraint("score >= 0 AND score <= 1", name="score_in_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    channel: Mapped[str] = mapped_column(String(10))
    answered: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(20))
    risk: Mapped[bool] = mapped_column(Boolean, default=False)
    score: Mapped[float] = mapped_column(Float)
    # The answered entry, or the closest one when declined.
    entry_id: Mapped[str | None] = mapped_column(ForeignKey("faq_entries.id", ondelete="SET NULL"), index=True)
    text_redacted: Mapped[str | None] = mapped_column(Text)
    # The practitioner said the answer did not help. `answered` stays true (the FAQ did answer, and
    # the return's faq_answered / faq_unanswered keep meaning answered / declined); the wording is
    # kept so the manager can teach it to the right entry.
    not_helpful: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FaqFeedback(Base):
    __tablename__ = "faq_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(ForeignKey("faq_entries.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int | None] = mapped_column(ForeignKey("faq_questions.id", ondelete="SET NULL"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    channel: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
