"""faq: a question whose answer the practitioner said did not help is marked not_helpful and keeps
its redacted wording for the manager, while staying answered: the quarterly return's
faq_unanswered counts the questions the FAQ declined, not the answers that did not help (those
are faq_answer_not_helpful, from the feedback).

Revision ID: 0014_faq_not_helpful
Revises: 0013_pathway
Create Date: 2026-12-07 00:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_faq_not_helpful'
down_revision = '0013_pathway'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("not_helpful", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.drop_constraint(batch_op.f("ck_faq_questions_text_only_when_unanswered"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_faq_questions_text_only_when_unanswered_or_unhelpful"),
                                         "NOT answered OR text_redacted IS NULL OR not_helpful")
    # Questions an earlier version turned unanswered on a "did not help" click (reason still
    # "answered") go back to answered, marked not helpful.
    op.execute("UPDATE faq_questions SET answered = true, not_helpful = true "
               "WHERE reason = 'answered' AND answered = false")


def downgrade() -> None:
    op.execute("UPDATE faq_questions SET answered = false WHERE not_helpful AND text_redacted IS NOT NULL")
    with op.batch_alter_table("faq_questions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_faq_questions_text_only_when_unanswered_or_unhelpful"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_faq_questions_text_only_when_unanswered"),
                                         "NOT answered OR text_redacted IS NULL")
        batch_op.drop_column("not_helpful")
