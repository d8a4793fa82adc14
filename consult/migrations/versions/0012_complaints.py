"""complaints, compliments, families' feedback and the quarter's narrative: free text encrypted by
the application (so plain Text here), an append-only complaint timeline (a trigger refuses updates).

Revision ID: 0012_complaints
Revises: 0011_telephony
Create Date: 2026-12-01 23:30:30.039602
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db

revision = '0012_complaints'
down_revision = '0011_telephony'  # one line from 0010
branch_labels = None
# No foreign key leaves users (0001_core); the complaint's reference is checked by query against
# consultations, bookings and referrals. 0009_referrals brings 0002_consultations (reference_counters)
# with it. Naming booking's branch as well trips Alembic's head bookkeeping (KeyError '0001_core'
# when two depends_on sit on different branches), and it is not needed: there is no key to it.
depends_on = None


def upgrade() -> None:
    op.create_table('family_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('rating', sa.String(length=12), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.CheckConstraint("rating IN ('very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know')", name=op.f('ck_family_feedback_rating')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_feedback'))
    )
    with op.batch_alter_table('family_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_feedback_given_on'), ['given_on'], unique=False)

    op.create_table('complaints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=24), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('about', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('related_reference', sa.String(length=40), nullable=True),
    sa.Column('related_kind', sa.String(length=20), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('acknowledge_by', sa.Date(), nullable=False),
    sa.Column('ack_due_soon_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ack_deadline_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('acknowledged_within_target', sa.Boolean(), nullable=True),
    sa.Column('investigating_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('purged_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("outcome IS NULL OR outcome IN ('upheld', 'partly_upheld', 'not_upheld', 'withdrawn')", name=op.f('ck_complaints_outcome')),
    sa.CheckConstraint("source IN ('practitioner', 'parent', 'carer', 'other')", name=op.f('ck_complaints_source')),
    sa.CheckConstraint("status <> 'closed' OR outcome IS NOT NULL", name=op.f('ck_complaints_closed_with_outcome')),
    sa.CheckConstraint("status IN ('received', 'acknowledged', 'investigating', 'closed')", name=op.f('ck_complaints_status')),
    sa.CheckConstraint('acknowledge_by > received_on', name=op.f('ck_complaints_acknowledge_after_receipt')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_complaints_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaints')),
    sa.UniqueConstraint('reference', name=op.f('uq_complaints_reference'))
    )
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaints_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaints_related_reference'), ['related_reference'], unique=False)
        batch_op.create_index('ix_complaints_status_acknowledge_by', ['status', 'acknowledge_by'], unique=False)

    op.create_table('compliments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('about', sa.Text(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('recorded_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('purged_at', consult.db.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint("source IN ('practitioner', 'parent', 'carer', 'other')", name=op.f('ck_compliments_source')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_compliments_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliments'))
    )
    with op.batch_alter_table('compliments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_compliments_received_on'), ['received_on'], unique=False)

    op.create_table('report_narratives',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.String(length=8), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_narratives_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_narratives')),
    sa.UniqueConstraint('quarter', name=op.f('uq_report_narratives_quarter'))
    )
    op.create_table('complaint_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('complaint_id', sa.Integer(), nullable=False),
    sa.Column('at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_complaint_events_actor_id_users')),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaints.id'], name=op.f('fk_complaint_events_complaint_id_complaints'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_events'))
    )
    with op.batch_alter_table('complaint_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_events_complaint_id'), ['complaint_id'], unique=False)

    op.create_table('learning_need_themes',
    sa.Column('consultation_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('advised_at', consult.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('theme', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('consultation_id', name=op.f('pk_learning_need_themes'))
    )
    with op.batch_alter_table('learning_need_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_need_themes_advised_at'), ['advised_at'], unique=False)

    _forbid_timeline_updates()


APPEND_ONLY_MESSAGE = "complaint_events is append-only: add a new event instead of changing one"


def _forbid_timeline_updates() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER complaint_events_append_only BEFORE UPDATE ON complaint_events "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    else:
        op.execute(
            "CREATE FUNCTION complaint_events_append_only() RETURNS trigger AS $$ "
            f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$ LANGUAGE plpgsql"
        )
        op.execute(
            "CREATE TRIGGER complaint_events_append_only BEFORE UPDATE ON complaint_events "
            "FOR EACH ROW EXECUTE FUNCTION complaint_events_append_only()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS complaint_events_append_only")
    else:
        op.execute("DROP TRIGGER IF EXISTS complaint_events_append_only ON complaint_events")
        op.execute("DROP FUNCTION IF EXISTS complaint_events_append_only()")
    with op.batch_alter_table('learning_need_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_learning_need_themes_advised_at'))
    op.drop_table('learning_need_themes')
    with op.batch_alter_table('complaint_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_events_complaint_id'))

    op.drop_table('complaint_events')
    op.drop_table('report_narratives')
    with op.batch_alter_table('compliments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_compliments_received_on'))

    op.drop_table('compliments')
    with op.batch_alter_table('complaints', schema=None) as batch_op:
        batch_op.drop_index('ix_complaints_status_acknowledge_by')
        batch_op.drop_index(batch_op.f('ix_complaints_related_reference'))
        batch_op.drop_index(batch_op.f('ix_complaints_received_on'))
        batch_op.drop_index(batch_op.f('ix_complaints_closed_on'))

    op.drop_table('complaints')
    with op.batch_alter_table('family_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_feedback_given_on'))

    op.drop_table('family_feedback')
