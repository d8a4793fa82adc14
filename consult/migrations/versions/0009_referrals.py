"""referrals: the family's record (identifiable fields encrypted by the application, so plain
Text here), an append-only timeline (a trigger refuses updates) and screening scores per stage.

Revision ID: 0009_referrals
Revises: 0001_core
Create Date: 2026-11-23 11:51:19.528194
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db
from consult.timeline import allow_updates, forbid_updates

revision = '0009_referrals'
down_revision = '0001_core'
branch_labels = None
depends_on = ['0002_consultations', '0005_privacy']


def upgrade() -> None:
    op.create_table('referrals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('referrer_id', sa.Integer(), nullable=False),
    sa.Column('referrer_name', sa.Text(), nullable=True),
    sa.Column('referrer_role', sa.String(length=200), nullable=True),
    sa.Column('referrer_organisation', sa.String(length=200), nullable=True),
    sa.Column('referrer_email', sa.Text(), nullable=True),
    sa.Column('referrer_phone', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('parent_nhs_number', sa.Text(), nullable=True),
    sa.Column('parent_nhs_index', sa.String(length=64), nullable=True),
    sa.Column('parent_date_of_birth', sa.Text(), nullable=True),
    sa.Column('parent_postcode', sa.Text(), nullable=True),
    sa.Column('relationship_to_infant', sa.Text(), nullable=True),
    sa.Column('interpreter_required', sa.Boolean(), nullable=False),
    sa.Column('language', sa.Text(), nullable=True),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('infant_nhs_number', sa.Text(), nullable=True),
    sa.Column('infant_nhs_index', sa.String(length=64), nullable=True),
    sa.Column('infant_date_of_birth', sa.Text(), nullable=True),
    sa.Column('infant_expected_due_date', sa.Text(), nullable=True),
    sa.Column('antenatal', sa.Boolean(), nullable=False),
    sa.Column('concerns', sa.String(length=400), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('safeguarding_concerns', sa.Boolean(), nullable=False),
    sa.Column('safeguarding_procedures_followed', sa.Boolean(), nullable=False),
    sa.Column('data_linkage_consent', sa.Boolean(), nullable=False),
    sa.Column('received_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('acknowledged_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('triage_due_soon_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('triage_by', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('triaged_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('triaged_by_id', sa.Integer(), nullable=True),
    sa.Column('triage_outcome', sa.String(length=20), nullable=True),
    sa.Column('triaged_within_target', sa.Boolean(), nullable=True),
    sa.Column('thrive', sa.String(length=30), nullable=True),
    sa.Column('guidance', sa.Text(), nullable=True),
    sa.Column('score_severity', sa.Integer(), nullable=True),
    sa.Column('score_relationship', sa.Integer(), nullable=True),
    sa.Column('score_protection', sa.Integer(), nullable=True),
    sa.Column('score_parent_mental_health', sa.Integer(), nullable=True),
    sa.Column('cluster', sa.Integer(), nullable=True),
    sa.Column('assessment_on', sa.Date(), nullable=True),
    sa.Column('intervention_start_by', sa.Date(), nullable=True),
    sa.Column('intervention_started_on', sa.Date(), nullable=True),
    sa.Column('intervention_started_within_target', sa.Boolean(), nullable=True),
    sa.Column('closed_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('end_of_contact_letter', sa.Text(), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('follow_up_done_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_reason', sa.Text(), nullable=True),
    sa.Column('due_soon_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('overdue_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('purged_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('acknowledged', 'more_information', 'eligible', 'not_eligible', 'assessed', 'in_intervention', 'closed', 'withdrawn')", name=op.f('ck_referrals_status')),
    sa.CheckConstraint("thrive IS NULL OR thrive IN ('thriving', 'getting_advice', 'getting_help', 'getting_more_help', 'getting_risk_support')", name=op.f('ck_referrals_thrive')),
    sa.CheckConstraint("triage_outcome IS NULL OR triage_outcome IN ('eligible', 'not_eligible', 'more_information')", name=op.f('ck_referrals_triage_outcome')),
    sa.CheckConstraint('(score_severity IS NULL OR score_severity BETWEEN 1 AND 6) AND (score_relationship IS NULL OR score_relationship BETWEEN 1 AND 6) AND (score_protection IS NULL OR score_protection BETWEEN 1 AND 6) AND (score_parent_mental_health IS NULL OR score_parent_mental_health BETWEEN 1 AND 6) AND (cluster IS NULL OR cluster BETWEEN 1 AND 6)', name=op.f('ck_referrals_cluster_scores')),
    sa.CheckConstraint('intervention_started_on IS NULL OR assessment_on IS NOT NULL', name=op.f('ck_referrals_assessed_before_start')),
    sa.CheckConstraint('triage_by > received_at', name=op.f('ck_referrals_triage_after_receipt')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_referrals_closed_by_id_users')),
    sa.ForeignKeyConstraint(['referrer_id'], ['users.id'], name=op.f('fk_referrals_referrer_id_users')),
    sa.ForeignKeyConstraint(['triaged_by_id'], ['users.id'], name=op.f('fk_referrals_triaged_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals')),
    sa.UniqueConstraint('reference', name=op.f('uq_referrals_reference'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_district'), ['district'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_infant_nhs_index'), ['infant_nhs_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_parent_nhs_index'), ['parent_nhs_index'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_received_on'), ['received_on'], unique=False)
        batch_op.create_index('ix_referrals_referrer_received', ['referrer_id', 'received_at'], unique=False)
        batch_op.create_index('ix_referrals_status_triage_by', ['status', 'triage_by'], unique=False)

    op.create_table('referral_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_referral_events_actor_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_events_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_events'))
    )
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_events_referral_id'), ['referral_id'], unique=False)

    op.create_table('referral_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=24), nullable=False),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('mors_warmth', sa.Integer(), nullable=True),
    sa.Column('mors_invasion', sa.Integer(), nullable=True),
    sa.Column('phq9_total', sa.Integer(), nullable=True),
    sa.Column('phq9_item9', sa.Integer(), nullable=True),
    sa.Column('gad7_total', sa.Integer(), nullable=True),
    sa.CheckConstraint("stage IN ('referral', 'assessment', 'end_of_intervention')", name=op.f('ck_referral_scores_stage')),
    sa.CheckConstraint('gad7_total IS NULL OR gad7_total BETWEEN 0 AND 21', name=op.f('ck_referral_scores_gad7_total')),
    sa.CheckConstraint('mors_invasion IS NULL OR mors_invasion BETWEEN 0 AND 35', name=op.f('ck_referral_scores_mors_invasion')),
    sa.CheckConstraint('mors_warmth IS NULL OR mors_warmth BETWEEN 0 AND 35', name=op.f('ck_referral_scores_mors_warmth')),
    sa.CheckConstraint('phq9_item9 IS NULL OR phq9_item9 BETWEEN 0 AND 3', name=op.f('ck_referral_scores_phq9_item9')),
    sa.CheckConstraint('phq9_total IS NULL OR phq9_total BETWEEN 0 AND 27', name=op.f('ck_referral_scores_phq9_total')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_referral_scores_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_scores_referral_id_referrals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_scores'))
    )
    with op.batch_alter_table('referral_scores', schema=None) as batch_op:
        batch_op.create_index('uq_referral_scores_stage', ['referral_id', 'stage'], unique=True)

    _forbid_timeline_updates()


def _forbid_timeline_updates() -> None:
    forbid_updates("referral_events")  # the database refuses UPDATE on the timeline (consult/timeline.py)


def downgrade() -> None:
    allow_updates("referral_events")
    with op.batch_alter_table('referral_scores', schema=None) as batch_op:
        batch_op.drop_index('uq_referral_scores_stage')

    op.drop_table('referral_scores')
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_events_referral_id'))

    op.drop_table('referral_events')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_status_triage_by')
        batch_op.drop_index('ix_referrals_referrer_received')
        batch_op.drop_index(batch_op.f('ix_referrals_received_on'))
        batch_op.drop_index(batch_op.f('ix_referrals_parent_nhs_index'))
        batch_op.drop_index(batch_op.f('ix_referrals_infant_nhs_index'))
        batch_op.drop_index(batch_op.f('ix_referrals_follow_up_on'))
        batch_op.drop_index(batch_op.f('ix_referrals_district'))

    op.drop_table('referrals')
