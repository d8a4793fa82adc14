"""reporting: covering indexes for the quarterly return and the dashboard

Every consultation figure filters on received_on and reads a handful of short columns. One
composite index holding all of them lets SQLite (and PostgreSQL's index-only scans) answer the
report from the index alone, without reading the wide rows with their encrypted text. Feedback
is filtered on given_at and averages four small integers, so it gets the same treatment.

Revision ID: 0007_reporting
Revises: 0001_core
Create Date: 2026-11-23 11:05:00
"""
from __future__ import annotations

from alembic import op

revision = "0007_reporting"
down_revision = "0001_core"
branch_labels = None
depends_on = ("0002_consultations",)

REPORTING_COLUMNS = [
    "received_on", "district", "practitioner_role", "organisation_type", "channel", "status", "recommendation",
    "thrive", "cluster", "acknowledged_within_target", "advised_within_target", "working_hours_to_advice",
    "respond_by", "advised_at", "logged_call", "closed_without_advice", "received_month",
]
FEEDBACK_COLUMNS = ["given_at", "confidence_before", "confidence_after", "confidence_change", "helpfulness"]


def upgrade() -> None:
    op.create_index("ix_consultations_reporting", "consultations", REPORTING_COLUMNS)
    op.create_index("ix_consultation_feedback_reporting", "consultation_feedback", FEEDBACK_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_consultation_feedback_reporting", table_name="consultation_feedback")
    op.drop_index("ix_consultations_reporting", table_name="consultations")
