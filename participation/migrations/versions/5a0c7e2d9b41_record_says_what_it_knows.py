"""A record that says only what it knows: seen alone confirmed at the end, read back to the
child, how an activity ended, and the child's first language and optional identity fields.

Revision ID: 5a0c7e2d9b41
Revises: d4565dfd5ec9
Create Date: 2026-12-02 05:25:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "5a0c7e2d9b41"
down_revision = "d4565dfd5ec9"
branch_labels = None
depends_on = None

CHILD_FIELDS = ("religion", "ethnicity", "nationality", "immigration_status", "disability")


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("seen_confirmed_at", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("seen_confirmed_by_id", sa.Integer()))
        batch_op.add_column(sa.Column("worker_present", sa.Boolean()))
        batch_op.add_column(sa.Column("seen_where", sa.String(200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("not_alone_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("outcome", sa.String(16)))
        batch_op.create_foreign_key(
            "fk_activity_seen_confirmed_by_id_worker", "worker", ["seen_confirmed_by_id"], ["id"]
        )
        batch_op.create_index("ix_activity_seen_confirmed_by_id", ["seen_confirmed_by_id"])
    with op.batch_alter_table("activity_area") as batch_op:
        batch_op.add_column(
            sa.Column("read_back", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("child") as batch_op:
        batch_op.add_column(sa.Column("first_language", sa.String(16)))
        for name in CHILD_FIELDS:
            batch_op.add_column(sa.Column(name, sa.String(200)))


def downgrade() -> None:
    with op.batch_alter_table("child") as batch_op:
        for name in (*CHILD_FIELDS, "first_language"):
            batch_op.drop_column(name)
    with op.batch_alter_table("activity_area") as batch_op:
        batch_op.drop_column("read_back")
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_index("ix_activity_seen_confirmed_by_id")
        batch_op.drop_constraint("fk_activity_seen_confirmed_by_id_worker", type_="foreignkey")
        for name in (
            "outcome", "not_alone_reason", "seen_where", "worker_present",
            "seen_confirmed_by_id", "seen_confirmed_at",
        ):  # fmt: skip
            batch_op.drop_column(name)
