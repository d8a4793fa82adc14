"""telephony: calls to the consultation line (one row per provider call id, the caller's number
encrypted by the application, so plain Text here) and staff work numbers.

Revision ID: 0011_telephony
Revises: 0010_sessions
Create Date: 2026-12-01 23:29:04.211559
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = '0011_telephony'
down_revision = '0010_sessions'  # one line from 0010
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('work_phones',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Text(), nullable=False),
    sa.Column('number_index', sa.String(length=64), nullable=False),
    sa.Column('updated_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_work_phones_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_work_phones'))
    )
    with op.batch_alter_table('work_phones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_phones_number_index'), ['number_index'], unique=False)

    op.create_table('phone_calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=20), nullable=False),
    sa.Column('call_sid', sa.String(length=64), nullable=False),
    sa.Column('started_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_reason', sa.String(length=20), nullable=True),
    sa.Column('duration_seconds', sa.Integer(), nullable=True),
    sa.Column('answered_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('caller_number', sa.Text(), nullable=True),
    sa.Column('caller_index', sa.String(length=64), nullable=True),
    sa.Column('caller_id', sa.Integer(), nullable=True),
    sa.Column('dial_plan', sa.String(length=200), nullable=False),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('callback_requested', sa.Boolean(), nullable=False),
    sa.Column('callback_due', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('callback_due_soon_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('called_back_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('called_back_by_id', sa.Integer(), nullable=True),
    sa.Column('callback_outcome', sa.String(length=20), nullable=True),
    sa.Column('callback_within_target', sa.Boolean(), nullable=True),
    sa.Column('working_hours_to_callback', sa.Float(), nullable=True),
    sa.Column('due_soon_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('overdue_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('purged_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("callback_outcome IS NULL OR callback_outcome IN ('spoke', 'no_answer', 'left_message', 'not_needed')", name=op.f('ck_phone_calls_callback_outcome')),
    sa.CheckConstraint("closed_reason IS NULL OR closed_reason IN ('out_of_hours', 'bank_holiday', 'closure', 'nobody_on_duty')", name=op.f('ck_phone_calls_closed_reason')),
    sa.CheckConstraint("status IN ('ringing', 'answered', 'missed', 'voicemail', 'out_of_hours')", name=op.f('ck_phone_calls_status')),
    sa.CheckConstraint('called_back_at IS NULL OR callback_due IS NOT NULL', name=op.f('ck_phone_calls_callback_needs_due')),
    sa.CheckConstraint('duration_seconds IS NULL OR duration_seconds >= 0', name=op.f('ck_phone_calls_duration')),
    sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], name=op.f('fk_phone_calls_answered_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['called_back_by_id'], ['users.id'], name=op.f('fk_phone_calls_called_back_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['caller_id'], ['users.id'], name=op.f('fk_phone_calls_caller_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_phone_calls_consultation_id_consultations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phone_calls')),
    sa.UniqueConstraint('provider', 'call_sid', name='uq_phone_calls_provider_call_sid')
    )
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.create_index('ix_phone_calls_callback_open', ['called_back_at', 'callback_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_calls_caller_index'), ['caller_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_phone_calls_started_at'), ['started_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('phone_calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_phone_calls_started_at'))
        batch_op.drop_index(batch_op.f('ix_phone_calls_caller_index'))
        batch_op.drop_index('ix_phone_calls_callback_open')

    op.drop_table('phone_calls')
    with op.batch_alter_table('work_phones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_phones_number_index'))

    op.drop_table('work_phones')
