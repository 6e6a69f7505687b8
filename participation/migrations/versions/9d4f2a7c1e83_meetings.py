"""A child's meetings (conferences, reviews), the views asked for each, and the outcome told
back to the child (issue #16).

Revision ID: 9d4f2a7c1e83
Revises: 5a0c7e2d9b41
Create Date: 2026-12-02 08:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

from participation.db_types import UTCDateTime

revision = "9d4f2a7c1e83"
down_revision = "5a0c7e2d9b41"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        sa.Column("child_id", sa.Integer(), sa.ForeignKey("child.id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("chair_id", sa.Integer(), sa.ForeignKey("worker.id"), nullable=False),
        sa.Column("views_due", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("worker.id"), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_language", sa.String(16), nullable=False),
        sa.Column("outcome_at", UTCDateTime(), nullable=True),
        sa.Column("outcome_by_id", sa.Integer(), sa.ForeignKey("worker.id"), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answer_language", sa.String(16), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.Column("answer_mode", sa.String(16), nullable=False),
    )
    for column in ("child_id", "chair_id", "created_by_id", "outcome_by_id"):
        op.create_index(f"ix_meeting_{column}", "meeting", [column])
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("meeting_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_activity_meeting_id_meeting", "meeting", ["meeting_id"], ["id"]
        )
        batch_op.create_index("ix_activity_meeting_id", ["meeting_id"])


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_index("ix_activity_meeting_id")
        batch_op.drop_constraint("fk_activity_meeting_id_meeting", type_="foreignkey")
        batch_op.drop_column("meeting_id")
    for column in ("outcome_by_id", "created_by_id", "chair_id", "child_id"):
        op.drop_index(f"ix_meeting_{column}", "meeting")
    op.drop_table("meeting")
