"""The safety object keeps who wrote it and in which language, and a proposal can be for a new
danger statement with its goal, or for the safety object (issue #15).

Revision ID: 3b7e91c4d2a6
Revises: 3d7a91c5e2f8
Create Date: 2026-12-02 08:15:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "3b7e91c4d2a6"
down_revision = "3d7a91c5e2f8"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safety_plan") as batch_op:
        batch_op.add_column(
            sa.Column(
                "object_written_by_kind", sa.String(16), nullable=False, server_default="worker"
            )
        )
        batch_op.add_column(
            sa.Column("object_written_by_name", sa.String(200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("object_written_by_member_id", sa.Integer()))
        batch_op.add_column(
            sa.Column("object_language", sa.String(16), nullable=False, server_default="en")
        )
        batch_op.add_column(
            sa.Column("object_edited_by_name", sa.String(200), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            "fk_safety_plan_object_written_by_member_id_network_member",
            "network_member", ["object_written_by_member_id"], ["id"],
        )  # fmt: skip
        batch_op.create_index(
            "ix_safety_plan_object_written_by_member_id", ["object_written_by_member_id"]
        )
    with op.batch_alter_table("plan_proposal") as batch_op:
        batch_op.add_column(sa.Column("goal_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("final_goal_text", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("final_language", sa.String(16), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("plan_proposal") as batch_op:
        for column in ("final_language", "final_goal_text", "goal_text"):
            batch_op.drop_column(column)
    with op.batch_alter_table("safety_plan") as batch_op:
        batch_op.drop_index("ix_safety_plan_object_written_by_member_id")
        batch_op.drop_constraint(
            "fk_safety_plan_object_written_by_member_id_network_member", type_="foreignkey"
        )
        for column in (
            "object_edited_by_name", "object_language", "object_written_by_member_id",
            "object_written_by_name", "object_written_by_kind",
        ):  # fmt: skip
            batch_op.drop_column(column)
