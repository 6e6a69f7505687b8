"""Single-use two-step codes: the time step of the last code each worker used

Revision ID: 3c9e2f71a4d8
Revises: 7a3e51c0d9b2
Create Date: 2026-12-01 09:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c9e2f71a4d8'
down_revision = '7a3e51c0d9b2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
