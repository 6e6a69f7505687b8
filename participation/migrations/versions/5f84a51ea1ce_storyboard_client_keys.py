"""Words and Pictures: a panel or version sent twice is kept once; starting words from the plan

Revision ID: 5f84a51ea1ce
Revises: e4c1a9b7d3f2
Create Date: 2026-12-02 05:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5f84a51ea1ce"
down_revision = "e4c1a9b7d3f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("storyboard_panel", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_plan", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "uq_storyboard_panel_client_key", ["storyboard_id", "client_key"], unique=True
        )
    with op.batch_alter_table("storyboard_version", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
        batch_op.create_index(
            "uq_storyboard_version_client_key", ["storyboard_id", "client_key"], unique=True
        )


def downgrade():
    with op.batch_alter_table("storyboard_version", schema=None) as batch_op:
        batch_op.drop_index("uq_storyboard_version_client_key")
        batch_op.drop_column("client_key")
    with op.batch_alter_table("storyboard_panel", schema=None) as batch_op:
        batch_op.drop_index("uq_storyboard_panel_client_key")
        batch_op.drop_column("client_key")
        batch_op.drop_column("from_plan")
