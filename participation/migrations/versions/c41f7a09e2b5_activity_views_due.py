"""When a child's views asked for a meeting are due, on the activity itself (issue #16).

Revision ID: c41f7a09e2b5
Revises: 3b7e91c4d2a6
Create Date: 2026-12-02 14:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "c41f7a09e2b5"
down_revision = "3b7e91c4d2a6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.add_column(sa.Column("views_due", sa.Date(), nullable=True))
    # Views already asked for take their meeting's date, as they were asked with it.
    op.execute(
        "UPDATE activity SET views_due = (SELECT meeting.views_due FROM meeting"
        " WHERE meeting.id = activity.meeting_id) WHERE meeting_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_column("views_due")
