"""outcome measures PIOS and ASQ:SE-2: the age interval an ASQ:SE-2 total belongs to, and the
measure and range checks widened to the two new measures (their bounds: consult/pathway/models.py).

Revision ID: 0015_outcome_measures
Revises: 0014_faq_not_helpful
Create Date: 2026-12-07 00:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015_outcome_measures'
down_revision = '0014_faq_not_helpful'
branch_labels = None
depends_on = None

OLD_MEASURES = "measure IN ('cbits', 'adbb', 'hads_anxiety', 'hads_depression')"
OLD_RANGES = ("(measure = 'cbits' AND total BETWEEN 0 AND 60) OR (measure = 'adbb' AND total BETWEEN 0 AND 32) OR "
              "(measure = 'hads_anxiety' AND total BETWEEN 0 AND 21) OR (measure = 'hads_depression' AND total BETWEEN 0 AND 21)")
MEASURES = "measure IN ('cbits', 'adbb', 'hads_anxiety', 'hads_depression', 'pios', 'asqse2')"
RANGES = OLD_RANGES + " OR (measure = 'pios' AND total BETWEEN 0 AND 100) OR (measure = 'asqse2' AND total BETWEEN 0 AND 540)"
INTERVAL = ("(measure = 'asqse2' AND age_interval_months IN (2, 6, 12, 18, 24, 30, 36, 48, 60)) "
            "OR (measure <> 'asqse2' AND age_interval_months IS NULL)")


def upgrade() -> None:
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.add_column(sa.Column('age_interval_months', sa.Integer(), nullable=True))
        batch_op.drop_constraint(op.f('ck_outcome_scores_measure'), type_='check')
        batch_op.drop_constraint(op.f('ck_outcome_scores_total_in_range'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outcome_scores_measure'), MEASURES)
        batch_op.create_check_constraint(op.f('ck_outcome_scores_total_in_range'), RANGES)
        batch_op.create_check_constraint(op.f('ck_outcome_scores_age_interval'), INTERVAL)


def downgrade() -> None:
    op.execute("DELETE FROM outcome_scores WHERE measure IN ('pios', 'asqse2')")
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outcome_scores_age_interval'), type_='check')
        batch_op.drop_constraint(op.f('ck_outcome_scores_total_in_range'), type_='check')
        batch_op.drop_constraint(op.f('ck_outcome_scores_measure'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outcome_scores_measure'), OLD_MEASURES)
        batch_op.create_check_constraint(op.f('ck_outcome_scores_total_in_range'), OLD_RANGES)
        batch_op.drop_column('age_interval_months')
