"""workforce: supervision groups, memberships, sessions, attendance; training courses, bookings, feedback

Revision ID: 0008_workforce
Revises: 0001_core
Create Date: 2026-11-23 11:05:00

Two partial unique indexes carry the rules the application relies on: one current supervision
group per practitioner, and one live (booked or waiting) booking per delegate per course.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = '0008_workforce'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('supervision_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=True),
    sa.Column('weekday', sa.SmallInteger(), nullable=False),
    sa.Column('week_of_month', sa.SmallInteger(), nullable=False),
    sa.Column('starts', sa.Time(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('minutes BETWEEN 30 AND 240', name=op.f('ck_supervision_groups_minutes')),
    sa.CheckConstraint('week_of_month BETWEEN 1 AND 4', name=op.f('ck_supervision_groups_week_of_month')),
    sa.CheckConstraint('weekday BETWEEN 0 AND 6', name=op.f('ck_supervision_groups_weekday')),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_supervision_groups_supervisor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_groups')),
    sa.UniqueConstraint('name', name=op.f('uq_supervision_groups_name'))
    )
    with op.batch_alter_table('supervision_groups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_groups_district'), ['district'], unique=False)

    op.create_table('training_courses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('lock_version', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_training_courses_capacity_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_training_courses_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_courses'))
    )
    op.create_table('supervision_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('member_role', sa.String(length=120), nullable=False),
    sa.Column('joined_on', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('leaving_reason', sa.String(length=200), nullable=True),
    sa.CheckConstraint('left_on IS NULL OR left_on >= joined_on', name=op.f('ck_supervision_memberships_left_after_joined')),
    sa.ForeignKeyConstraint(['group_id'], ['supervision_groups.id'], name=op.f('fk_supervision_memberships_group_id_supervision_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supervision_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_memberships'))
    )
    with op.batch_alter_table('supervision_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_memberships_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_memberships_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_supervision_memberships_current', ['user_id'], unique=True, sqlite_where=sa.text('left_on IS NULL'), postgresql_where=sa.text('left_on IS NULL'))

    op.create_table('supervision_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'held', 'cancelled', name='sessionstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=True),
    sa.Column('reminder_sent_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_supervision_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['group_id'], ['supervision_groups.id'], name=op.f('fk_supervision_sessions_group_id_supervision_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_supervision_sessions_supervisor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_sessions')),
    sa.UniqueConstraint('group_id', 'starts_at', name='uq_supervision_sessions_group_start')
    )
    with op.batch_alter_table('supervision_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_sessions_group_id'), ['group_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('training_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('booked', 'waiting_list', 'cancelled', 'declined', name='bookingstatus', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('approval', sa.Enum('pending', 'approved', 'declined', name='approval', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('booked_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reminder_sent_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_training_bookings_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_bookings_course_id_training_courses'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_training_bookings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_bookings')),
    sa.UniqueConstraint('reference', name=op.f('uq_training_bookings_reference'))
    )
    with op.batch_alter_table('training_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_bookings_course_id'), ['course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_bookings_user_id'), ['user_id'], unique=False)
        batch_op.create_index('uq_training_bookings_live', ['course_id', 'user_id'], unique=True, sqlite_where=sa.text("status IN ('booked', 'waiting_list')"), postgresql_where=sa.text("status IN ('booked', 'waiting_list')"))

    op.create_table('training_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_training_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['course_id'], ['training_courses.id'], name=op.f('fk_training_sessions_course_id_training_courses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_sessions'))
    )
    with op.batch_alter_table('training_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_sessions_course_id'), ['course_id'], unique=False)

    op.create_table('supervision_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('attended', 'apologies', 'did_not_attend', name='attendance', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_supervision_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['supervision_sessions.id'], name=op.f('fk_supervision_attendance_session_id_supervision_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_supervision_attendance_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision_attendance')),
    sa.UniqueConstraint('session_id', 'user_id', name='uq_supervision_attendance_session_user')
    )
    with op.batch_alter_table('supervision_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_attendance_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supervision_attendance_user_id'), ['user_id'], unique=False)

    op.create_table('training_attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('attended', 'apologies', 'did_not_attend', name='attendance', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['training_bookings.id'], name=op.f('fk_training_attendance_booking_id_training_bookings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_training_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_sessions.id'], name=op.f('fk_training_attendance_session_id_training_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_attendance')),
    sa.UniqueConstraint('booking_id', 'session_id', name='uq_training_attendance_booking_session')
    )
    with op.batch_alter_table('training_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_attendance_booking_id'), ['booking_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_attendance_session_id'), ['session_id'], unique=False)

    op.create_table('training_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('confidence_before', sa.SmallInteger(), nullable=False),
    sa.Column('confidence_after', sa.SmallInteger(), nullable=False),
    sa.Column('usefulness', sa.SmallInteger(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('submitted_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('confidence_after BETWEEN 1 AND 5', name=op.f('ck_training_feedback_confidence_after')),
    sa.CheckConstraint('confidence_before BETWEEN 1 AND 5', name=op.f('ck_training_feedback_confidence_before')),
    sa.CheckConstraint('usefulness BETWEEN 1 AND 5', name=op.f('ck_training_feedback_usefulness')),
    sa.ForeignKeyConstraint(['booking_id'], ['training_bookings.id'], name=op.f('fk_training_feedback_booking_id_training_bookings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_feedback')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_training_feedback_booking_id'))
    )


def downgrade() -> None:
    # Dropping a table drops its indexes too; children first.
    op.drop_table('training_feedback')
    op.drop_table('training_attendance')
    op.drop_table('supervision_attendance')
    op.drop_table('training_sessions')
    op.drop_table('training_bookings')
    op.drop_table('supervision_sessions')
    op.drop_table('supervision_memberships')
    op.drop_table('training_courses')
    op.drop_table('supervision_groups')
