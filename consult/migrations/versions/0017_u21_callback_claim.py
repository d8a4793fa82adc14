"""telephony: who has taken a call-back (phone_calls.callback_claimed_by_id), so the clinicians'
queue shows and filters it under that clinician and a colleague does not ring the same caller.

Revision ID: 0017_u21_callback_claim
Revises: 0016_slot_versions
Create Date: 2026-12-07 03:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017_u21_callback_claim'
down_revision = '0016_slot_versions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('callback_claimed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_phone_calls_callback_claimed_by_id_users'), 'users',
                                    ['callback_claimed_by_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_phone_calls_callback_claimed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('callback_claimed_by_id')
