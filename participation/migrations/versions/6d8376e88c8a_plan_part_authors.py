"""Each part of a plan sentence keeps its own author: a pair's goal apart from its statement,
a rule's "who acts" apart from its words (issue #15).

Revision ID: 6d8376e88c8a
Revises: 5f84a51ea1ce
Create Date: 2026-12-02 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "6d8376e88c8a"
down_revision = "5f84a51ea1ce"
branch_labels = None
depends_on = None

PARTS = (("plan_pair", "goal"), ("plan_rule", "who"))


def upgrade() -> None:
    for table, prefix in PARTS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(
                    f"{prefix}_written_by_kind",
                    sa.String(16),
                    nullable=False,
                    server_default="worker",
                )  # fmt: skip
            )
            batch_op.add_column(
                sa.Column(
                    f"{prefix}_written_by_name", sa.String(200), nullable=False, server_default=""
                )  # fmt: skip
            )
            batch_op.add_column(sa.Column(f"{prefix}_written_by_member_id", sa.Integer()))
            batch_op.add_column(
                sa.Column(
                    f"{prefix}_language", sa.String(16), nullable=False, server_default="en"
                )  # fmt: skip
            )
            batch_op.create_foreign_key(
                f"fk_{table}_{prefix}_written_by_member_id_network_member",
                "network_member", [f"{prefix}_written_by_member_id"], ["id"],
            )  # fmt: skip
            batch_op.create_index(
                f"ix_{table}_{prefix}_written_by_member_id", [f"{prefix}_written_by_member_id"]
            )
    # An edited proposal says who edited it ("proposed by Nana Joy, edited by Sam Okafor").
    for table, column in (
        ("plan_pair", "edited_by_name"), ("plan_pair", "goal_edited_by_name"),
        ("plan_rule", "edited_by_name"), ("plan_item", "edited_by_name"),
    ):  # fmt: skip
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(
                sa.Column(column, sa.String(200), nullable=False, server_default="")
            )
    # Until now one author covered both parts: each part starts with that author.
    columns = ("written_by_kind", "written_by_name", "written_by_member_id", "language")
    for table, prefix in PARTS:
        names = [*columns, *(f"{prefix}_{c}" for c in columns)]
        rows = sa.table(table, *(sa.column(name) for name in names))
        op.execute(rows.update().values({f"{prefix}_{c}": rows.c[c] for c in columns}))


def downgrade() -> None:
    for table, column in (
        ("plan_pair", "edited_by_name"), ("plan_pair", "goal_edited_by_name"),
        ("plan_rule", "edited_by_name"), ("plan_item", "edited_by_name"),
    ):  # fmt: skip
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
    for table, prefix in PARTS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_{prefix}_written_by_member_id")
            batch_op.drop_constraint(
                f"fk_{table}_{prefix}_written_by_member_id_network_member", type_="foreignkey"
            )
            for column in ("language", "written_by_member_id", "written_by_name",
                           "written_by_kind"):  # fmt: skip
                batch_op.drop_column(f"{prefix}_{column}")
