"""tools for the youngest: five-faces scales, voice notes, chosen symbols, the worker's observation

Revision ID: 41ef5e780ad9
Revises: b2e52dce3e46
Create Date: 2026-12-02 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '41ef5e780ad9'
down_revision = "b2e52dce3e46"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('scale_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('out_of', sa.Integer(), server_default='10', nullable=False))

    with op.batch_alter_table('activity_area', schema=None) as batch_op:
        batch_op.add_column(sa.Column('symbols', sa.JSON(), server_default='[]', nullable=False))

    op.create_table('activity_voice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=32), nullable=False),
    sa.Column('storage_key', sa.String(length=128), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('recorded_on_device_of_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_voice_activity_id_activity')),
    sa.ForeignKeyConstraint(['recorded_on_device_of_id'], ['worker.id'], name=op.f('fk_activity_voice_recorded_on_device_of_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_voice')),
    sa.UniqueConstraint('public_id', name=op.f('uq_activity_voice_public_id'))
    )
    with op.batch_alter_table('activity_voice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_voice_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_voice_recorded_on_device_of_id'), ['recorded_on_device_of_id'], unique=False)

    op.create_table('activity_observation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_activity_observation_activity_id_activity')),
    sa.ForeignKeyConstraint(['by_id'], ['worker.id'], name=op.f('fk_activity_observation_by_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_observation')),
    sa.UniqueConstraint('activity_id', name=op.f('uq_activity_observation_activity_id'))
    )
    with op.batch_alter_table('activity_observation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_observation_by_id'), ['by_id'], unique=False)


def downgrade():
    with op.batch_alter_table('activity_observation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_observation_by_id'))
    op.drop_table('activity_observation')
    with op.batch_alter_table('activity_voice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_voice_recorded_on_device_of_id'))
        batch_op.drop_index(batch_op.f('ix_activity_voice_activity_id'))
    op.drop_table('activity_voice')
    with op.batch_alter_table('activity_area', schema=None) as batch_op:
        batch_op.drop_column('symbols')
    with op.batch_alter_table('scale_answer', schema=None) as batch_op:
        batch_op.drop_column('out_of')
