"""sessions: one row per signed-in browser, so that signing out ends every copy of its cookie

Revision ID: 0010_sessions
Revises: 0002-0009 (a merge point)
Create Date: 2026-12-01 23:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = '0010_sessions'
down_revision = ('0003_booking', '0004_faq', '0006_slack', '0007_reporting', '0008_workforce', '0009_referrals')  # joins every earlier branch: from here on one line, which Alembic's head bookkeeping handles (branches with depends_on across them did not)
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('length(key_hash) = 64', name=op.f('ck_web_sessions_sha256_hex')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_web_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_web_sessions')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_web_sessions_key_hash'))
    )
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_web_sessions_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('web_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_web_sessions_user_id'))

    op.drop_table('web_sessions')
