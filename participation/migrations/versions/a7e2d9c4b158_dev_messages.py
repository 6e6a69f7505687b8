"""dev_message: the development notification provider's copies, shown on /dev/messages

Production refuses the "log" provider, so there the table stays empty.

Revision ID: a7e2d9c4b158
Revises: c4f1a9e20b11
Create Date: 2026-12-01 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = 'a7e2d9c4b158'
down_revision = 'c4f1a9e20b11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('dev_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('to', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('provider_id', sa.String(length=36), nullable=False),
    sa.Column('sent_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dev_message')),
    sa.UniqueConstraint('provider_id', name=op.f('uq_dev_message_provider_id'))
    )
    with op.batch_alter_table('dev_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dev_message_reference'), ['reference'], unique=False)
        batch_op.create_index(batch_op.f('ix_dev_message_sent_at'), ['sent_at'], unique=False)


def downgrade():
    with op.batch_alter_table('dev_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dev_message_sent_at'))
        batch_op.drop_index(batch_op.f('ix_dev_message_reference'))
    op.drop_table('dev_message')
