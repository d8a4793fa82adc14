"""What the bot must remember between Slack requests: deliveries already handled (so Slack's
retries never act twice) and where each consultation's messages live (so buttons, thread
replies and status updates find them again)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from consult import clock
from consult.db import Base, UTCDateTime

MESSAGE_KINDS = ("triage", "practitioner")


class SlackDelivery(Base):
    """One row per Slack delivery acted on (event id, view submission id); the unique key turns
    a retry, or a double click, into a no-op."""

    __tablename__ = "slack_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)


class SlackMessage(Base):
    """A message the bot posted about a consultation: the triage channel card (whose thread is
    the conversation) and the practitioner's DM thread that replies are relayed into."""

    __tablename__ = "slack_messages"
    __table_args__ = (
        UniqueConstraint("consultation_id", "kind"),
        CheckConstraint("kind IN ('triage', 'practitioner')", name="kind"),
        Index("ix_slack_messages_channel_ts", "channel", "ts", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    channel: Mapped[str] = mapped_column(String(40))
    ts: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
