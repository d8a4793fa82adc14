"""slack: delivery de-duplication and consultation message timestamps

Revision ID: 0006_slack
Revises: 0001_core
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = "0006_slack"
down_revision = "0001_core"
branch_labels = None
# slack_messages points at consultations.
depends_on = ("0002_consultations",)


def upgrade() -> None:
    op.create_table(
        "slack_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_deliveries")),
        sa.UniqueConstraint("key", name=op.f("uq_slack_deliveries_key")),
    )
    op.create_table(
        "slack_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("ts", sa.String(length=40), nullable=False),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('triage', 'practitioner')", name=op.f("ck_slack_messages_kind")),
        sa.ForeignKeyConstraint(["consultation_id"], ["consultations.id"],
                                name=op.f("fk_slack_messages_consultation_id_consultations"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_messages")),
        sa.UniqueConstraint("consultation_id", "kind", name=op.f("uq_slack_messages_consultation_id")),
    )
    with op.batch_alter_table("slack_messages", schema=None) as batch_op:
        batch_op.create_index("ix_slack_messages_channel_ts", ["channel", "ts"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("slack_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_slack_messages_channel_ts")
    op.drop_table("slack_messages")
    op.drop_table("slack_deliveries")
