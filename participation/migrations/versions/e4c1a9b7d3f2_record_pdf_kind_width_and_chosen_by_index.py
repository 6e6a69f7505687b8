"""Record PDFs name kinds of up to 32 characters (network_scaling_round is 21); the child who
chose the safety object is indexed, so deleting a child does not scan every plan.

Revision ID: e4c1a9b7d3f2
Revises: 41ef5e780ad9
Create Date: 2026-12-02 05:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "e4c1a9b7d3f2"
down_revision = "41ef5e780ad9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("record_pdf") as batch_op:
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=16), type_=sa.String(length=32)
        )
    with op.batch_alter_table("safety_plan") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_safety_plan_object_chosen_by_child_id"), ["object_chosen_by_child_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("safety_plan") as batch_op:
        batch_op.drop_index(batch_op.f("ix_safety_plan_object_chosen_by_child_id"))
    with op.batch_alter_table("record_pdf") as batch_op:
        batch_op.alter_column(
            "kind", existing_type=sa.String(length=32), type_=sa.String(length=16)
        )
