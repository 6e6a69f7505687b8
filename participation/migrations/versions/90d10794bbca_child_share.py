"""the child's own space: what the worker shares with a child, and the child's read receipts

Revision ID: 90d10794bbca
Revises: 290793fa63ce
Create Date: 2026-12-02 04:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '90d10794bbca'
down_revision = "290793fa63ce"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('child_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('shared_by_id', sa.Integer(), nullable=False),
    sa.Column('shared_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('withdrawn_by_id', sa.Integer(), nullable=True),
    sa.Column('first_read_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_read_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('read_mode', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_child_share_child_id_child')),
    sa.ForeignKeyConstraint(['shared_by_id'], ['worker.id'], name=op.f('fk_child_share_shared_by_id_worker')),
    sa.ForeignKeyConstraint(['withdrawn_by_id'], ['worker.id'], name=op.f('fk_child_share_withdrawn_by_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_share')),
    sa.UniqueConstraint('public_id', name=op.f('uq_child_share_public_id'))
    )
    with op.batch_alter_table('child_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_share_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_share_shared_by_id'), ['shared_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_share_withdrawn_by_id'), ['withdrawn_by_id'], unique=False)
        batch_op.create_index('ix_child_share_child_kind_object', ['child_id', 'kind', 'object_id'], unique=False)


def downgrade():
    with op.batch_alter_table('child_share', schema=None) as batch_op:
        batch_op.drop_index('ix_child_share_child_kind_object')
        batch_op.drop_index(batch_op.f('ix_child_share_withdrawn_by_id'))
        batch_op.drop_index(batch_op.f('ix_child_share_shared_by_id'))
        batch_op.drop_index(batch_op.f('ix_child_share_child_id'))

    op.drop_table('child_share')
