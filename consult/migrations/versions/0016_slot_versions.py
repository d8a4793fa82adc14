"""booking: the slot versions row (booking/slot_cache.py), counters bumped by every change to the
rota, closures or bookings so each web worker knows when its cached free slots are stale.

Revision ID: 0016_slot_versions
Revises: 0015_outcome_measures
Create Date: 2026-12-07 00:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016_slot_versions'
down_revision = '0015_outcome_measures'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('booking_slot_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('availability', sa.Integer(), nullable=False),
    sa.Column('bookings', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_slot_versions'))
    )
    op.bulk_insert(table, [{"id": 1, "availability": 0, "bookings": 0}])


def downgrade() -> None:
    op.drop_table('booking_slot_versions')
