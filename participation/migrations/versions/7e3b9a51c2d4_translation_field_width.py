"""A translation's field name is wide enough for a proposal's ("proposal:<uuid>:final", 51
characters): PostgreSQL refused it at 48 (issue #15).

Revision ID: 7e3b9a51c2d4
Revises: c41f7a09e2b5
Create Date: 2026-12-02 15:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "7e3b9a51c2d4"
down_revision = "c41f7a09e2b5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Widening a varchar is a catalogue change only on PostgreSQL: no rewrite, no long lock.
    with op.batch_alter_table("translation") as batch_op:
        batch_op.alter_column(
            "field", existing_type=sa.String(48), type_=sa.String(96), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("translation") as batch_op:
        batch_op.alter_column(
            "field", existing_type=sa.String(96), type_=sa.String(48), existing_nullable=False
        )
