"""faq: entries, questions asked (redacted when unanswered), feedback

Revision ID: 0004_faq
Revises: 0001_core
Create Date: 2026-11-23 10:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = "0004_faq"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "faq_entries",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("phrasings", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("last_reviewed", sa.Date(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("length(title) > 0", name=op.f("ck_faq_entries_title_not_empty")),
        sa.CheckConstraint("length(body) > 0", name=op.f("ck_faq_entries_body_not_empty")),
        sa.CheckConstraint("revision >= 1", name=op.f("ck_faq_entries_revision_positive")),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_faq_entries_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_entries")),
    )
    op.create_table(
        "faq_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asked_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("risk", sa.Boolean(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=True),
        sa.Column("text_redacted", sa.Text(), nullable=True),
        sa.CheckConstraint("channel IN ('web', 'api', 'slack', 'chat')", name=op.f("ck_faq_questions_channel_known")),
        sa.CheckConstraint("reason IN ('answered', 'low_confidence', 'ambiguous', 'no_match', 'risk')",
                           name=op.f("ck_faq_questions_reason_known")),
        sa.CheckConstraint("NOT answered OR text_redacted IS NULL", name=op.f("ck_faq_questions_text_only_when_unanswered")),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_faq_questions_score_in_range")),
        sa.ForeignKeyConstraint(["entry_id"], ["faq_entries.id"], name=op.f("fk_faq_questions_entry_id_faq_entries"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_questions")),
    )
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_questions_asked_at"), ["asked_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_faq_questions_entry_id"), ["entry_id"], unique=False)
    op.create_table(
        "faq_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.String(length=80), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["faq_entries.id"], name=op.f("fk_faq_feedback_entry_id_faq_entries"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["faq_questions.id"],
                                name=op.f("fk_faq_feedback_question_id_faq_questions"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_faq_feedback")),
    )
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_faq_feedback_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("faq_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_feedback_entry_id"))
    op.drop_table("faq_feedback")
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_faq_questions_entry_id"))
        batch_op.drop_index(batch_op.f("ix_faq_questions_asked_at"))
    op.drop_table("faq_questions")
    op.drop_table("faq_entries")
