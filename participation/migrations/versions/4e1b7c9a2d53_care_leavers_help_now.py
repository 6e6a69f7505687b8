"""care leavers' help now: a young person's urgent alert, the PA's contact details and
cover, the council's case reference, and the council's "what I'm entitled to" text

Revision ID: 4e1b7c9a2d53
Revises: 8608fb9e30bf
Create Date: 2026-12-01 23:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "4e1b7c9a2d53"
down_revision = "8608fb9e30bf"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("young_person") as batch:
        batch.add_column(
            sa.Column("case_reference", sa.String(64), nullable=False, server_default="")
        )
    with op.batch_alter_table("worker") as batch:
        batch.add_column(sa.Column("contact_phone", sa.String(32), nullable=True))
        batch.add_column(sa.Column("contact_email", sa.String(254), nullable=True))
        batch.add_column(
            sa.Column("available_hours", sa.String(300), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("away_until", sa.Date(), nullable=True))
        batch.add_column(sa.Column("cover_worker_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_worker_cover_worker_id_worker", "worker", ["cover_worker_id"], ["id"]
        )
        batch.create_index("ix_worker_cover_worker_id", ["cover_worker_id"])
    with op.batch_alter_table("worry_alert") as batch:
        batch.add_column(sa.Column("young_person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_worry_alert_young_person_id_young_person",
            "young_person",
            ["young_person_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch.create_index("ix_worry_alert_young_person_id", ["young_person_id"])
    op.create_table(
        "council_text",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(36), nullable=False),
        sa.Column("slug", sa.String(32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["worker.id"], name="fk_council_text_updated_by_id_worker"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_council_text"),
        sa.UniqueConstraint("public_id", name="uq_council_text_public_id"),
        sa.UniqueConstraint("slug", name="uq_council_text_slug"),
    )
    op.create_index("ix_council_text_updated_by_id", "council_text", ["updated_by_id"])


def downgrade():
    op.drop_index("ix_council_text_updated_by_id", table_name="council_text")
    op.drop_table("council_text")
    with op.batch_alter_table("worry_alert") as batch:
        batch.drop_index("ix_worry_alert_young_person_id")
        batch.drop_constraint("fk_worry_alert_young_person_id_young_person", type_="foreignkey")
        batch.drop_column("young_person_id")
    with op.batch_alter_table("worker") as batch:
        batch.drop_index("ix_worker_cover_worker_id")
        batch.drop_constraint("fk_worker_cover_worker_id_worker", type_="foreignkey")
        for column in ("cover_worker_id", "away_until", "available_hours", "contact_email",
                       "contact_phone"):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("young_person") as batch:
        batch.drop_column("case_reference")
