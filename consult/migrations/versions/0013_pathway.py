"""pathway: who holds each referral (allocation), the GP practice the letter goes to, an open
did-not-attend review, family appointments with their attendance, and the extra outcome measures'
totals per stage. The GP practice is
encrypted by the application, so plain Text here.

Revision ID: 0013_pathway
Revises: 0012_complaints
Create Date: 2026-12-01 23:29:54.951516
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = '0013_pathway'
down_revision = '0012_complaints'  # one line from 0010
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outcome_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('measure', sa.String(length=24), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("stage IN ('referral', 'assessment', 'end_of_intervention')", name=op.f('ck_outcome_scores_stage')),
    sa.CheckConstraint("measure IN ('cbits', 'adbb', 'hads_anxiety', 'hads_depression')", name=op.f('ck_outcome_scores_measure')),
    sa.CheckConstraint("(measure = 'cbits' AND total BETWEEN 0 AND 60) OR (measure = 'adbb' AND total BETWEEN 0 AND 32) OR (measure = 'hads_anxiety' AND total BETWEEN 0 AND 21) OR (measure = 'hads_depression' AND total BETWEEN 0 AND 21)", name=op.f('ck_outcome_scores_total_in_range')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_outcome_scores_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_outcome_scores_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_scores'))
    )
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.create_index('uq_outcome_scores_referral_stage_measure', ['referral_id', 'stage', 'measure'], unique=True)

    op.create_table('family_appointments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('clinician_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('session_label', sa.String(length=120), nullable=True),
    sa.Column('starts_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ends_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('outcome_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('outcome_by_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('assessment', 'intervention', 'review')", name=op.f('ck_family_appointments_kind')),
    sa.CheckConstraint("method IN ('home_visit', 'clinic', 'video', 'phone')", name=op.f('ck_family_appointments_method')),
    sa.CheckConstraint("status IN ('booked', 'attended', 'did_not_attend', 'cancelled_by_family', 'cancelled_by_service')", name=op.f('ck_family_appointments_status')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_family_appointments_ends_after_start')),
    sa.ForeignKeyConstraint(['clinician_id'], ['users.id'], name=op.f('fk_family_appointments_clinician_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_family_appointments_created_by_id_users')),
    sa.ForeignKeyConstraint(['outcome_by_id'], ['users.id'], name=op.f('fk_family_appointments_outcome_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_family_appointments_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_appointments'))
    )
    with op.batch_alter_table('family_appointments', schema=None) as batch_op:
        batch_op.create_index('ix_family_appointments_clinician_starts', ['clinician_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_family_appointments_referral_starts', ['referral_id', 'starts_at'], unique=False)

    op.create_table('referral_pathway',
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('allocated_to_id', sa.Integer(), nullable=True),
    sa.Column('allocated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('gp_practice', sa.Text(), nullable=True),
    sa.Column('dna_review_since', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['allocated_to_id'], ['users.id'], name=op.f('fk_referral_pathway_allocated_to_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_pathway_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('referral_id', name=op.f('pk_referral_pathway'))
    )
    with op.batch_alter_table('referral_pathway', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_pathway_allocated_to_id'), ['allocated_to_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('outcome_scores', schema=None) as batch_op:
        batch_op.drop_index('uq_outcome_scores_referral_stage_measure')

    op.drop_table('outcome_scores')
    with op.batch_alter_table('referral_pathway', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_pathway_allocated_to_id'))

    op.drop_table('referral_pathway')
    with op.batch_alter_table('family_appointments', schema=None) as batch_op:
        batch_op.drop_index('ix_family_appointments_referral_starts')
        batch_op.drop_index('ix_family_appointments_clinician_starts')

    op.drop_table('family_appointments')
