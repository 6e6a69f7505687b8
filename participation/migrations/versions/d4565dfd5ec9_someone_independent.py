"""Someone independent: a child's or young person's request for an advocate or a complaint,
and the messages sent about it to the council's contacts.

Revision ID: d4565dfd5ec9
Revises: 6d8376e88c8a
Create Date: 2026-12-02 05:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

import participation.db_types

revision = "d4565dfd5ec9"
down_revision = "6d8376e88c8a"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advocacy_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("child_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", participation.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("outcome_language", sa.String(length=16), nullable=False),
        sa.Column("outcome_at", participation.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("outcome_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(child_id IS NULL) <> (young_person_id IS NULL)",
            name=op.f("ck_advocacy_request_owner"),
        ),
        sa.ForeignKeyConstraint(
            ["child_id"], ["child.id"],
            name=op.f("fk_advocacy_request_child_id_child"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["young_person_id"], ["young_person.id"],
            name=op.f("fk_advocacy_request_young_person_id_young_person"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["outcome_by_id"], ["worker.id"], name=op.f("fk_advocacy_request_outcome_by_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_request")),
        sa.UniqueConstraint("public_id", name=op.f("uq_advocacy_request_public_id")),
    )  # fmt: skip
    with op.batch_alter_table("advocacy_request") as batch_op:
        batch_op.create_index(batch_op.f("ix_advocacy_request_child_id"), ["child_id"])
        batch_op.create_index(
            batch_op.f("ix_advocacy_request_young_person_id"), ["young_person_id"]
        )
        batch_op.create_index(batch_op.f("ix_advocacy_request_outcome_by_id"), ["outcome_by_id"])
        batch_op.create_index("uq_advocacy_request_client_key", ["client_key"], unique=True)
    op.create_table(
        "advocacy_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("reference", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", participation.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", participation.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"], ["advocacy_request.id"],
            name=op.f("fk_advocacy_notice_request_id_advocacy_request"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_advocacy_notice")),
        sa.UniqueConstraint("reference", name=op.f("uq_advocacy_notice_reference")),
    )  # fmt: skip
    with op.batch_alter_table("advocacy_notice") as batch_op:
        batch_op.create_index(batch_op.f("ix_advocacy_notice_request_id"), ["request_id"])


def downgrade() -> None:
    op.drop_table("advocacy_notice")
    op.drop_table("advocacy_request")
