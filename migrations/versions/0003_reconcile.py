"""reconciliation with BPJS: per visit, when it was last compared and what differed

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 07:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ADD/DROP COLUMN, no batch mode: SQLite's batch mode copies and drops visit_event, and
# the drop would cascade to antrean_job (foreign keys are on).


def upgrade() -> None:
    op.add_column("visit_event", sa.Column("reconciled_at", sa.DateTime(), nullable=True))
    op.add_column("visit_event", sa.Column("reconcile_mismatches", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE visit_event DROP COLUMN reconcile_mismatches")  # SQLite 3.35+, MariaDB
    op.execute("ALTER TABLE visit_event DROP COLUMN reconciled_at")
