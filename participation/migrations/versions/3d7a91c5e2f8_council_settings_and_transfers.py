"""Administration without the command line: council settings an admin changes, one-time
set-password links for new staff, and transfers of cases on the child's record.

Revision ID: 3d7a91c5e2f8
Revises: 9d4f2a7c1e83
Create Date: 2026-12-02 08:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

import participation.db_types

revision = "3d7a91c5e2f8"
down_revision = "9d4f2a7c1e83"
branch_labels = None
depends_on = None

UTC = participation.db_types.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "council_setting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["worker.id"], name=op.f("fk_council_setting_updated_by_id_worker")
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_council_setting")),
    )
    with op.batch_alter_table("council_setting") as batch_op:
        batch_op.create_index(batch_op.f("ix_council_setting_updated_by_id"), ["updated_by_id"])
    op.create_table(
        "set_password_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC(timezone=True), nullable=False),
        sa.Column("expires_at", UTC(timezone=True), nullable=False),
        sa.Column("redeemed_at", UTC(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["worker_id"], ["worker.id"],
            name=op.f("fk_set_password_link_worker_id_worker"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_set_password_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_set_password_link_token_hash")),
    )  # fmt: skip
    with op.batch_alter_table("set_password_link") as batch_op:
        batch_op.create_index(batch_op.f("ix_set_password_link_worker_id"), ["worker_id"])
    op.create_table(
        "case_transfer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=False),
        sa.Column("from_worker_id", sa.Integer(), nullable=True),
        sa.Column("to_worker_id", sa.Integer(), nullable=True),
        sa.Column("by_worker_id", sa.Integer(), nullable=True),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("by_name", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", UTC(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"],
            name=op.f("fk_case_transfer_child_id_child"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_worker_id"], ["worker.id"], name=op.f("fk_case_transfer_from_worker_id_worker")
        ),
        sa.ForeignKeyConstraint(
            ["to_worker_id"], ["worker.id"], name=op.f("fk_case_transfer_to_worker_id_worker")
        ),
        sa.ForeignKeyConstraint(
            ["by_worker_id"], ["worker.id"], name=op.f("fk_case_transfer_by_worker_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_transfer")),
        sa.UniqueConstraint("public_id", name=op.f("uq_case_transfer_public_id")),
    )  # fmt: skip
    with op.batch_alter_table("case_transfer") as batch_op:
        for column in ("child_id", "from_worker_id", "to_worker_id", "by_worker_id"):
            batch_op.create_index(batch_op.f(f"ix_case_transfer_{column}"), [column])


def downgrade() -> None:
    op.drop_table("case_transfer")
    op.drop_table("set_password_link")
    op.drop_table("council_setting")
