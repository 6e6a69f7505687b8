"""planscales: scaling rounds on the plan's danger statements, answers, practice runs

Revision ID: 290793fa63ce
Revises: 3f8a6c1d92e4
Create Date: 2026-12-02 04:50:00

"""

import sqlalchemy as sa
from alembic import op

import participation.db_types

revision = "290793fa63ce"
down_revision = "3f8a6c1d92e4"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scaling_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("meeting_on", sa.Date(), nullable=False),
        sa.Column("opened_by_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", participation.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", participation.db_types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_scaling_round_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"], ["worker.id"], name=op.f("fk_scaling_round_opened_by_id_worker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scaling_round")),
        sa.UniqueConstraint("public_id", name=op.f("uq_scaling_round_public_id")),
    )
    with op.batch_alter_table("scaling_round", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scaling_round_family_id"), ["family_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_scaling_round_opened_by_id"), ["opened_by_id"], unique=False
        )

    op.create_table(
        "plan_scale_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("pair_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("one_higher", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("answered_at", participation.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["network_member.id"],
            name=op.f("fk_plan_scale_answer_member_id_network_member"),
        ),
        sa.ForeignKeyConstraint(
            ["pair_id"], ["plan_pair.id"], name=op.f("fk_plan_scale_answer_pair_id_plan_pair")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["scaling_round.id"],
            name=op.f("fk_plan_scale_answer_round_id_scaling_round"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_scale_answer")),
        sa.UniqueConstraint("public_id", name=op.f("uq_plan_scale_answer_public_id")),
        sa.UniqueConstraint(
            "round_id", "pair_id", "member_id", name=op.f("uq_plan_scale_answer_round_id")
        ),
    )
    with op.batch_alter_table("plan_scale_answer", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_scale_answer_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_plan_scale_answer_pair_id"), ["pair_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_plan_scale_answer_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "practice_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=36), nullable=False),
        sa.Column("family_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("practised_on", sa.Date(), nullable=False),
        sa.Column("what_we_practised", sa.Text(), nullable=False),
        sa.Column("how_it_went", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("client_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", participation.db_types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["family_id"], ["family.id"], name=op.f("fk_practice_run_family_id_family")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["network_member.id"],
            name=op.f("fk_practice_run_member_id_network_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice_run")),
        sa.UniqueConstraint("client_key", name=op.f("uq_practice_run_client_key")),
        sa.UniqueConstraint("public_id", name=op.f("uq_practice_run_public_id")),
    )
    with op.batch_alter_table("practice_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_run_family_id"), ["family_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_practice_run_member_id"), ["member_id"], unique=False)


def downgrade():
    with op.batch_alter_table("practice_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_run_member_id"))
        batch_op.drop_index(batch_op.f("ix_practice_run_family_id"))
    op.drop_table("practice_run")
    with op.batch_alter_table("plan_scale_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_scale_answer_round_id"))
        batch_op.drop_index(batch_op.f("ix_plan_scale_answer_pair_id"))
        batch_op.drop_index(batch_op.f("ix_plan_scale_answer_member_id"))
    op.drop_table("plan_scale_answer")
    with op.batch_alter_table("scaling_round", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scaling_round_opened_by_id"))
        batch_op.drop_index(batch_op.f("ix_scaling_round_family_id"))
    op.drop_table("scaling_round")
