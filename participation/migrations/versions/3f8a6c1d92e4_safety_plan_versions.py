"""every version of a family's safety plan, and the agreed ones

Revision ID: 3f8a6c1d92e4
Revises: 6bee5819becd
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '3f8a6c1d92e4'
down_revision = "6bee5819becd"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('safety_plan_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('changed_by', sa.String(length=300), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(), nullable=False),
    sa.Column('agreed_at', participation.db_types.UTCDateTime(), nullable=True),
    sa.Column('agreed_by_id', sa.Integer(), nullable=True),
    sa.Column('is_review', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['agreed_by_id'], ['worker.id'], name=op.f('fk_safety_plan_version_agreed_by_id_worker')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_safety_plan_version_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_safety_plan_version')),
    sa.UniqueConstraint('family_id', 'number', name=op.f('uq_safety_plan_version_family_id')),
    sa.UniqueConstraint('public_id', name=op.f('uq_safety_plan_version_public_id'))
    )
    with op.batch_alter_table('safety_plan_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safety_plan_version_agreed_by_id'), ['agreed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safety_plan_version_family_id'), ['family_id'], unique=False)


def downgrade():
    with op.batch_alter_table('safety_plan_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safety_plan_version_family_id'))
        batch_op.drop_index(batch_op.f('ix_safety_plan_version_agreed_by_id'))
    op.drop_table('safety_plan_version')
