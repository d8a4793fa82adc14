"""booking: triage rota, exceptions, bookings (one active per slot), events, shortfalls

Revision ID: 0003_booking
Revises: 0001_core
Create Date: 2026-11-23 10:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import consult.db
import consult.privacy.crypto

revision = "0003_booking"
down_revision = "0001_core"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status <> 'cancelled'")
IN_PERSON_NEEDS_HUB = "family_hub IS NOT NULL OR methods NOT LIKE '%in_person%'"


def upgrade() -> None:
    op.create_table(
        "booking_availability_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("starts", sa.Time(), nullable=False),
        sa.Column("ends", sa.Time(), nullable=False),
        sa.Column("methods", sa.String(length=40), nullable=False),
        sa.Column("family_hub", sa.String(length=120), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name=op.f("ck_booking_availability_rules_weekday_range")),
        sa.CheckConstraint("starts < ends", name=op.f("ck_booking_availability_rules_starts_before_ends")),
        sa.CheckConstraint("methods <> ''", name=op.f("ck_booking_availability_rules_some_method")),
        sa.CheckConstraint(IN_PERSON_NEEDS_HUB, name=op.f("ck_booking_availability_rules_in_person_needs_hub")),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"], name=op.f("fk_booking_availability_rules_clinician_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_availability_rules")),
    )
    with op.batch_alter_table("booking_availability_rules") as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_availability_rules_clinician_id"), ["clinician_id"], unique=False)

    op.create_table(
        "booking_availability_exceptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("starts", sa.Time(), nullable=True),
        sa.Column("ends", sa.Time(), nullable=True),
        sa.Column("methods", sa.String(length=40), nullable=False),
        sa.Column("family_hub", sa.String(length=120), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('away', 'extra')", name=op.f("ck_booking_availability_exceptions_kind_known")),
        sa.CheckConstraint("(starts IS NULL) = (ends IS NULL)", name=op.f("ck_booking_availability_exceptions_both_times_or_none")),
        sa.CheckConstraint("kind = 'away' OR starts IS NOT NULL", name=op.f("ck_booking_availability_exceptions_extra_needs_times")),
        sa.CheckConstraint("starts IS NULL OR starts < ends", name=op.f("ck_booking_availability_exceptions_starts_before_ends")),
        sa.CheckConstraint(IN_PERSON_NEEDS_HUB, name=op.f("ck_booking_availability_exceptions_in_person_needs_hub")),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"], name=op.f("fk_booking_availability_exceptions_clinician_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_availability_exceptions")),
    )
    with op.batch_alter_table("booking_availability_exceptions") as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_availability_exceptions_clinician_id"), ["clinician_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_availability_exceptions_day"), ["day"], unique=False)

    op.create_table(
        "booking_bookings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("uid", sa.String(length=80), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("family_hub", sa.String(length=120), nullable=True),
        sa.Column("status", sa.Enum("booked", "cancelled", "attended", "did_not_attend", name="bookingstatus", native_enum=False, length=20), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("practitioner_name", sa.String(length=200), nullable=False),
        sa.Column("practitioner_email", sa.String(length=320), nullable=False),
        sa.Column("practitioner_phone", consult.privacy.crypto.EncryptedText(), nullable=True),
        sa.Column("practitioner_role", sa.String(length=120), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("district", sa.String(length=80), nullable=False),
        sa.Column("summary", consult.privacy.crypto.EncryptedText(), nullable=False),
        sa.Column("consent_confirmed", sa.Boolean(), nullable=False),
        sa.Column("consultation_reference", sa.String(length=20), nullable=True),
        sa.Column("created_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("cancelled_at", consult.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminder_sent_at", consult.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attendance_recorded_at", consult.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("attendance_recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("starts_at < ends_at", name=op.f("ck_booking_bookings_starts_before_ends")),
        sa.CheckConstraint("method IN ('phone', 'video', 'in_person')", name=op.f("ck_booking_bookings_method_known")),
        sa.CheckConstraint("method <> 'in_person' OR family_hub IS NOT NULL", name=op.f("ck_booking_bookings_in_person_needs_hub")),
        sa.CheckConstraint("consent_confirmed", name=op.f("ck_booking_bookings_consent_given")),
        sa.CheckConstraint("sequence >= 0", name=op.f("ck_booking_bookings_sequence_not_negative")),
        sa.ForeignKeyConstraint(["clinician_id"], ["users.id"], name=op.f("fk_booking_bookings_clinician_id_users")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_booking_bookings_user_id_users"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["attendance_recorded_by"], ["users.id"], name=op.f("fk_booking_bookings_attendance_recorded_by_users"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_bookings")),
        sa.UniqueConstraint("reference", name=op.f("uq_booking_bookings_reference")),
        sa.UniqueConstraint("uid", name=op.f("uq_booking_bookings_uid")),
    )
    with op.batch_alter_table("booking_bookings") as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_bookings_clinician_id"), ["clinician_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_bookings_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_bookings_practitioner_email"), ["practitioner_email"], unique=False)
        batch_op.create_index(batch_op.f("ix_booking_bookings_consultation_reference"), ["consultation_reference"], unique=False)
    # One active booking per slot, enforced by the database on both engines; cancelled rows
    # fall out of the index so the slot is free again at once.
    op.create_index(
        "uq_booking_bookings_active_slot", "booking_bookings", ["clinician_id", "starts_at"], unique=True,
        sqlite_where=ACTIVE, postgresql_where=ACTIVE,
    )

    op.create_table(
        "booking_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["booking_id"], ["booking_bookings.id"], name=op.f("fk_booking_events_booking_id_booking_bookings"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_events")),
    )
    with op.batch_alter_table("booking_events") as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_events_booking_id"), ["booking_id"], unique=False)

    op.create_table(
        "booking_shortfalls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("limit_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("earliest_free_at", consult.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("first_seen_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", consult.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("occurrences >= 1", name=op.f("ck_booking_shortfalls_occurrences_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_shortfalls")),
    )
    op.create_index("uq_booking_shortfalls_day_method", "booking_shortfalls", ["day", "method"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_booking_shortfalls_day_method", table_name="booking_shortfalls")
    op.drop_table("booking_shortfalls")
    op.drop_table("booking_events")
    op.drop_index("uq_booking_bookings_active_slot", table_name="booking_bookings")
    op.drop_table("booking_bookings")
    op.drop_table("booking_availability_exceptions")
    op.drop_table("booking_availability_rules")
