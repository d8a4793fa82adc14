"""consultations: requests, timeline, feedback, duty rota, sent notices

Revision ID: 0002_consultations
Revises: 0001_core
Create Date: 2026-11-23 10:33:33.668851

Encrypted columns (summary, advice, call-back phone, feedback comment) are plain Text in the
database: the application encrypts before they arrive. The timeline is append-only, enforced by a
trigger on both SQLite and PostgreSQL (deletes stay possible for retention purges).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db
from consult.timeline import allow_updates, forbid_updates

revision = '0002_consultations'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reference_counters',
    sa.Column('prefix', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', 'year', name=op.f('pk_reference_counters'))
    )
    op.create_table('consultations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('channel', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('logged_call', sa.Boolean(), nullable=False),
    sa.Column('booking_reference', sa.String(length=40), nullable=True),
    sa.Column('practitioner_id', sa.Integer(), nullable=False),
    sa.Column('practitioner_name', sa.String(length=200), nullable=False),
    sa.Column('practitioner_email', sa.String(length=320), nullable=True),
    sa.Column('practitioner_role', sa.String(length=120), nullable=True),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('organisation_type', sa.String(length=60), nullable=True),
    sa.Column('practitioner_slack_id', sa.String(length=40), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('district', sa.String(length=80), nullable=False),
    sa.Column('infant_age_months', sa.Integer(), nullable=True),
    sa.Column('antenatal', sa.Boolean(), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('preferred_contact', sa.String(length=10), nullable=False),
    sa.Column('callback_phone', sa.Text(), nullable=True),
    sa.Column('callback_window', sa.String(length=120), nullable=True),
    sa.Column('consent_confirmed', sa.Boolean(), nullable=False),
    sa.Column('received_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('received_month', sa.String(length=7), nullable=False),
    sa.Column('acknowledged_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('working_hours_to_acknowledge', sa.Float(), nullable=False),
    sa.Column('acknowledged_within_target', sa.Boolean(), nullable=False),
    sa.Column('due_soon_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('respond_by', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('offered_to_id', sa.Integer(), nullable=True),
    sa.Column('offered_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('claimed_by_id', sa.Integer(), nullable=True),
    sa.Column('claimed_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('advised_by_id', sa.Integer(), nullable=True),
    sa.Column('advised_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('advice', sa.Text(), nullable=True),
    sa.Column('working_hours_to_advice', sa.Float(), nullable=True),
    sa.Column('advised_within_target', sa.Boolean(), nullable=True),
    sa.Column('recommendation', sa.String(length=40), nullable=True),
    sa.Column('thrive', sa.String(length=30), nullable=True),
    sa.Column('score_severity', sa.Integer(), nullable=True),
    sa.Column('score_relationship', sa.Integer(), nullable=True),
    sa.Column('score_protection', sa.Integer(), nullable=True),
    sa.Column('score_parent_mental_health', sa.Integer(), nullable=True),
    sa.Column('cluster', sa.Integer(), nullable=True),
    sa.Column('learning_needs', sa.String(length=500), nullable=True),
    sa.Column('closed_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_without_advice', sa.Boolean(), nullable=False),
    sa.Column('due_soon_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('overdue_escalated_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('feedback_prompted_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('created_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IN ('web', 'slack', 'phone', 'video', 'in_person')", name=op.f('ck_consultations_channel')),
    sa.CheckConstraint("preferred_contact IN ('chat', 'phone', 'video', 'email')", name=op.f('ck_consultations_preferred_contact')),
    sa.CheckConstraint("recommendation IS NULL OR recommendation IN ('pir_referral_advised', 'not_eligible_guidance', 'universal_targeted_offer', 'perinatal_mental_health', 'safeguarding_route', 'other_service')", name=op.f('ck_consultations_recommendation')),
    sa.CheckConstraint("status IN ('acknowledged', 'claimed', 'advised', 'closed', 'withdrawn')", name=op.f('ck_consultations_status')),
    sa.CheckConstraint("status NOT IN ('advised', 'closed') OR advised_at IS NOT NULL OR closed_without_advice", name=op.f('ck_consultations_advised_has_time')),
    sa.CheckConstraint("thrive IS NULL OR thrive IN ('thriving', 'getting_advice', 'getting_help', 'getting_more_help', 'getting_risk_support')", name=op.f('ck_consultations_thrive')),
    sa.CheckConstraint("urgency IN ('routine', 'urgent')", name=op.f('ck_consultations_urgency')),
    sa.CheckConstraint('(score_severity IS NULL OR score_severity BETWEEN 1 AND 6) AND (score_relationship IS NULL OR score_relationship BETWEEN 1 AND 6) AND (score_protection IS NULL OR score_protection BETWEEN 1 AND 6) AND (score_parent_mental_health IS NULL OR score_parent_mental_health BETWEEN 1 AND 6) AND (cluster IS NULL OR cluster BETWEEN 1 AND 6)', name=op.f('ck_consultations_cluster_scores')),
    sa.CheckConstraint('infant_age_months IS NULL OR (infant_age_months >= 0 AND infant_age_months <= 60)', name=op.f('ck_consultations_infant_age')),
    sa.CheckConstraint('respond_by > received_at', name=op.f('ck_consultations_respond_after_receipt')),
    sa.ForeignKeyConstraint(['advised_by_id'], ['users.id'], name=op.f('fk_consultations_advised_by_id_users')),
    sa.ForeignKeyConstraint(['claimed_by_id'], ['users.id'], name=op.f('fk_consultations_claimed_by_id_users')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_consultations_closed_by_id_users')),
    sa.ForeignKeyConstraint(['offered_to_id'], ['users.id'], name=op.f('fk_consultations_offered_to_id_users')),
    sa.ForeignKeyConstraint(['practitioner_id'], ['users.id'], name=op.f('fk_consultations_practitioner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultations')),
    sa.UniqueConstraint('booking_reference', name=op.f('uq_consultations_booking_reference')),
    sa.UniqueConstraint('reference', name=op.f('uq_consultations_reference'))
    )
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultations_advised_by_id'), ['advised_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_claimed_by_id'), ['claimed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_district'), ['district'], unique=False)
        batch_op.create_index('ix_consultations_practitioner_received', ['practitioner_id', 'received_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultations_status'), ['status'], unique=False)
        batch_op.create_index('ix_consultations_status_respond_by', ['status', 'respond_by'], unique=False)

    op.create_table('duty_rota',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('clinician_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clinician_id'], ['users.id'], name=op.f('fk_duty_rota_clinician_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_rota')),
    sa.UniqueConstraint('day', 'clinician_id', name='uq_duty_rota_day_clinician')
    )
    with op.batch_alter_table('duty_rota', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_duty_rota_clinician_id'), ['clinician_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_duty_rota_day'), ['day'], unique=False)

    op.create_table('consultation_concerns',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.CheckConstraint("code IN ('not_bonding', 'no_positive_relationship', 'own_parent_relationship', 'negative_thoughts', 'trauma', 'additional_difficulties', 'infant_distress_signs')", name=op.f('ck_consultation_concerns_code')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_concerns_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', 'code', name=op.f('pk_consultation_concerns'))
    )
    op.create_table('consultation_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=False),
    sa.Column('detail', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_consultation_events_actor_id_users')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_events_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_events'))
    )
    with op.batch_alter_table('consultation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_events_consultation_id'), ['consultation_id'], unique=False)

    op.create_table('consultation_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('given_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('helpfulness', sa.Integer(), nullable=False),
    sa.Column('confidence_before', sa.Integer(), nullable=False),
    sa.Column('confidence_after', sa.Integer(), nullable=False),
    sa.Column('confidence_change', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.CheckConstraint('confidence_after BETWEEN 1 AND 5', name=op.f('ck_consultation_feedback_confidence_after')),
    sa.CheckConstraint('confidence_before BETWEEN 1 AND 5', name=op.f('ck_consultation_feedback_confidence_before')),
    sa.CheckConstraint('helpfulness BETWEEN 1 AND 5', name=op.f('ck_consultation_feedback_helpfulness')),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_consultation_feedback_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_feedback')),
    sa.UniqueConstraint('consultation_id', name=op.f('uq_consultation_feedback_consultation_id'))
    )
    with op.batch_alter_table('consultation_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_feedback_given_at'), ['given_at'], unique=False)

    op.create_table('sent_notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_sent_notices_consultation_id_consultations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_notices')),
    sa.UniqueConstraint('key', name=op.f('uq_sent_notices_key'))
    )
    with op.batch_alter_table('sent_notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_notices_consultation_id'), ['consultation_id'], unique=False)

    _forbid_timeline_updates()


def _forbid_timeline_updates() -> None:
    forbid_updates("consultation_events")  # the database refuses UPDATE on the timeline (consult/timeline.py)


def downgrade() -> None:
    allow_updates("consultation_events")
    with op.batch_alter_table('sent_notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_notices_consultation_id'))

    op.drop_table('sent_notices')
    with op.batch_alter_table('consultation_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_feedback_given_at'))

    op.drop_table('consultation_feedback')
    with op.batch_alter_table('consultation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_events_consultation_id'))

    op.drop_table('consultation_events')
    op.drop_table('consultation_concerns')
    with op.batch_alter_table('duty_rota', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_duty_rota_day'))
        batch_op.drop_index(batch_op.f('ix_duty_rota_clinician_id'))

    op.drop_table('duty_rota')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_index('ix_consultations_status_respond_by')
        batch_op.drop_index(batch_op.f('ix_consultations_status'))
        batch_op.drop_index(batch_op.f('ix_consultations_received_on'))
        batch_op.drop_index('ix_consultations_practitioner_received')
        batch_op.drop_index(batch_op.f('ix_consultations_district'))
        batch_op.drop_index(batch_op.f('ix_consultations_claimed_by_id'))
        batch_op.drop_index(batch_op.f('ix_consultations_advised_by_id'))

    op.drop_table('consultations')
    op.drop_table('reference_counters')
