"""print-sized copies of record pictures, made as a record arrives

Revision ID: 9c4d2a7e1f60
Revises: 4b1e6d2f8a07
Create Date: 2026-12-02 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '9c4d2a7e1f60'
down_revision = '4b1e6d2f8a07'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('print_copy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_print_copy')),
    sa.UniqueConstraint('sha256', name=op.f('uq_print_copy_sha256'))
    )


def downgrade():
    op.drop_table('print_copy')
