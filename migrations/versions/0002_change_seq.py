"""change tracking by a store counter: visit_event.change_seq and store_counter

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 07:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    counter = op.create_table(
        "store_counter",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # plain ALTER statements, no batch copy: on SQLite a batch copy drops visit_event, and the
    # foreign key's ON DELETE CASCADE would take every antrean_job row with it
    op.add_column(
        "visit_event",
        sa.Column("change_seq", sa.BigInteger(), nullable=False, server_default="0"),
    )
    op.create_index("ix_visit_event_change_seq", "visit_event", ["change_seq"], unique=False)
    # existing rows get numbers in id order; the start-up full build reads them all anyway
    op.execute("UPDATE visit_event SET change_seq = id")
    top = op.get_bind().execute(sa.text("SELECT MAX(id) FROM visit_event")).scalar() or 0
    op.bulk_insert(counter, [{"name": "visit_event", "value": int(top)}])
    # the builder's old cursor was a wall-clock time; its new cursor has a new name
    op.execute("DELETE FROM poll_state WHERE name = 'builder'")


def downgrade() -> None:
    op.drop_index("ix_visit_event_change_seq", table_name="visit_event")
    op.execute("ALTER TABLE visit_event DROP COLUMN change_seq")  # SQLite 3.35+ and MariaDB
    op.drop_table("store_counter")
    op.execute("DELETE FROM poll_state WHERE name = 'builder_changes'")
