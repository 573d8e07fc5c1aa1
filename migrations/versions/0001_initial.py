"""initial store: visit_event, antrean_job, send_attempt, poll_state

Revision ID: 0001
Revises:
Create Date: 2026-11-28 12:15:05.926551
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "poll_state",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("poll_date", sa.Date(), nullable=True),
        sa.Column("cursor", sa.String(length=120), nullable=True),
        sa.Column("last_run_at", sa.DateTime(), nullable=True),
        sa.Column("last_ok_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("rows_seen", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "visit_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.String(length=20), nullable=False),
        sa.Column("kodebooking", sa.String(length=40), nullable=False),
        sa.Column("visit_date", sa.Date(), nullable=False),
        sa.Column("registered_at", sa.DateTime(), nullable=True),
        sa.Column("jenispasien", sa.String(length=10), nullable=False),
        sa.Column("kd_pj", sa.String(length=5), nullable=True),
        sa.Column("kd_poli", sa.String(length=10), nullable=True),
        sa.Column("kodepoli_bpjs", sa.String(length=20), nullable=True),
        sa.Column("namapoli", sa.String(length=60), nullable=True),
        sa.Column("kd_dokter", sa.String(length=20), nullable=True),
        sa.Column("kodedokter_bpjs", sa.String(length=20), nullable=True),
        sa.Column("namadokter", sa.String(length=60), nullable=True),
        sa.Column("norm", sa.String(length=20), nullable=True),
        sa.Column("patient_name", sa.String(length=60), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("blocked_reason", sa.JSON(), nullable=True),
        sa.Column("task_progress", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("changed_ms", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id"),
    )
    with op.batch_alter_table("visit_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_event_changed_ms"), ["changed_ms"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_visit_event_kodebooking"), ["kodebooking"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_visit_event_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_visit_event_visit_date"), ["visit_date"], unique=False)

    op.create_table(
        "antrean_job",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visit_id", sa.String(length=20), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.JSON(), nullable=True),
        sa.Column("lease_owner", sa.String(length=80), nullable=True),
        sa.Column("lease_expires_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visit_event.visit_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "task_id", name="uq_antrean_job_visit_task"),
    )
    with op.batch_alter_table("antrean_job", schema=None) as batch_op:
        batch_op.create_index("ix_antrean_job_due", ["status", "next_attempt_at"], unique=False)

    op.create_table(
        "send_attempt",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.String(length=20), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("endpoint", sa.String(length=120), nullable=False),
        sa.Column("request_body", sa.JSON(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("bpjs_code", sa.Integer(), nullable=True),
        sa.Column("bpjs_message", sa.Text(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["antrean_job.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("send_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_send_attempt_job_id"), ["job_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_send_attempt_visit_id"), ["visit_id"], unique=False)


def downgrade() -> None:
    # Dropping a table drops its indexes; dropping them one by one first fails on MariaDB
    # where an index backs a foreign key.
    op.drop_table("send_attempt")
    op.drop_table("antrean_job")
    op.drop_table("visit_event")
    op.drop_table("poll_state")
