"""several desks on one store: the sending desk's lease and the viewers' requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 08:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_lease",
        sa.Column("name", sa.String(20), primary_key=True),
        sa.Column("desk", sa.String(60), nullable=False),
        sa.Column("process", sa.String(80), nullable=False),
        sa.Column("generation", sa.BigInteger(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=False),
        sa.Column("since", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "desk_command",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("visit_id", sa.String(20), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("requested_by", sa.String(60), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("done_by", sa.String(60), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True, index=True),
        sa.Column("result", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("desk_command")
    op.drop_table("desk_lease")
