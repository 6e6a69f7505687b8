"""record PDFs made off the request path, one per document version

Revision ID: f5c9b2e8a617
Revises: d2b7e4a1c903
Create Date: 2026-12-01 12:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = 'f5c9b2e8a617'
down_revision = 'd2b7e4a1c903'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('record_pdf',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('object_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('error', sa.String(length=300), server_default='', nullable=False),
    sa.Column('requested_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('rendered_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_record_pdf')),
    sa.UniqueConstraint('kind', 'object_id', 'version', name=op.f('uq_record_pdf_kind'))
    )


def downgrade():
    op.drop_table('record_pdf')
