"""Words and Pictures: storyboards, their pictures, panels and kept versions

Revision ID: b2e52dce3e46
Revises: 90d10794bbca
Create Date: 2026-12-02 04:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = 'b2e52dce3e46'
down_revision = "90d10794bbca"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('storyboard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('family_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('shared_with_network', sa.Boolean(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_storyboard_child_id_child')),
    sa.ForeignKeyConstraint(['created_by_id'], ['worker.id'], name=op.f('fk_storyboard_created_by_id_worker')),
    sa.ForeignKeyConstraint(['family_id'], ['family.id'], name=op.f('fk_storyboard_family_id_family')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storyboard')),
    sa.UniqueConstraint('public_id', name=op.f('uq_storyboard_public_id'))
    )
    with op.batch_alter_table('storyboard', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storyboard_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_storyboard_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_storyboard_family_id'), ['family_id'], unique=False)

    op.create_table('storyboard_image',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('storyboard_id', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=128), nullable=False),
    sa.Column('media_type', sa.String(length=32), nullable=False),
    sa.Column('byte_size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['storyboard_id'], ['storyboard.id'], name=op.f('fk_storyboard_image_storyboard_id_storyboard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storyboard_image')),
    sa.UniqueConstraint('public_id', name=op.f('uq_storyboard_image_public_id'))
    )
    with op.batch_alter_table('storyboard_image', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storyboard_image_storyboard_id'), ['storyboard_id'], unique=False)

    op.create_table('storyboard_panel',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('storyboard_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('image_id', sa.Integer(), nullable=True),
    sa.Column('written_by_kind', sa.String(length=16), nullable=False),
    sa.Column('written_by_name', sa.String(length=200), nullable=False),
    sa.Column('written_by_member_id', sa.Integer(), nullable=True),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['image_id'], ['storyboard_image.id'], name=op.f('fk_storyboard_panel_image_id_storyboard_image')),
    sa.ForeignKeyConstraint(['storyboard_id'], ['storyboard.id'], name=op.f('fk_storyboard_panel_storyboard_id_storyboard')),
    sa.ForeignKeyConstraint(['written_by_member_id'], ['network_member.id'], name=op.f('fk_storyboard_panel_written_by_member_id_network_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storyboard_panel')),
    sa.UniqueConstraint('public_id', name=op.f('uq_storyboard_panel_public_id'))
    )
    with op.batch_alter_table('storyboard_panel', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storyboard_panel_image_id'), ['image_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_storyboard_panel_storyboard_id'), ['storyboard_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_storyboard_panel_written_by_member_id'), ['written_by_member_id'], unique=False)

    op.create_table('storyboard_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('storyboard_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('agreed_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agreed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agreed_by_id'], ['worker.id'], name=op.f('fk_storyboard_version_agreed_by_id_worker')),
    sa.ForeignKeyConstraint(['storyboard_id'], ['storyboard.id'], name=op.f('fk_storyboard_version_storyboard_id_storyboard')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_storyboard_version')),
    sa.UniqueConstraint('public_id', name=op.f('uq_storyboard_version_public_id')),
    sa.UniqueConstraint('storyboard_id', 'number', name=op.f('uq_storyboard_version_storyboard_id'))
    )
    with op.batch_alter_table('storyboard_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_storyboard_version_agreed_by_id'), ['agreed_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_storyboard_version_storyboard_id'), ['storyboard_id'], unique=False)


def downgrade():
    with op.batch_alter_table('storyboard_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storyboard_version_storyboard_id'))
        batch_op.drop_index(batch_op.f('ix_storyboard_version_agreed_by_id'))
    op.drop_table('storyboard_version')
    with op.batch_alter_table('storyboard_panel', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storyboard_panel_written_by_member_id'))
        batch_op.drop_index(batch_op.f('ix_storyboard_panel_storyboard_id'))
        batch_op.drop_index(batch_op.f('ix_storyboard_panel_image_id'))
    op.drop_table('storyboard_panel')
    with op.batch_alter_table('storyboard_image', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storyboard_image_storyboard_id'))
    op.drop_table('storyboard_image')
    with op.batch_alter_table('storyboard', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_storyboard_family_id'))
        batch_op.drop_index(batch_op.f('ix_storyboard_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_storyboard_child_id'))
    op.drop_table('storyboard')
