"""alert notices: urgent alerts by SMS and email, escalation and acknowledgement

Revision ID: d2b7e4a1c903
Revises: a7e2d9c4b158
Create Date: 2026-12-01 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = 'd2b7e4a1c903'
down_revision = 'a7e2d9c4b158'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('alert_notice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('recipient_worker_id', sa.Integer(), nullable=True),
    sa.Column('recipient_name', sa.String(length=200), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('reference', sa.String(length=36), nullable=False),
    sa.Column('provider', sa.String(length=64), nullable=False),
    sa.Column('provider_id', sa.String(length=64), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('sending_since', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('sent_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('delivered_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['alert_id'], ['worry_alert.id'], name=op.f('fk_alert_notice_alert_id_worry_alert'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_worker_id'], ['worker.id'], name=op.f('fk_alert_notice_recipient_worker_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_notice')),
    sa.UniqueConstraint('reference', name=op.f('uq_alert_notice_reference'))
    )
    with op.batch_alter_table('alert_notice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_notice_alert_id'), ['alert_id'], unique=False)

    with op.batch_alter_table('worry_alert', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), server_default='child_worry', nullable=False))
        batch_op.add_column(sa.Column('journal_entry_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_action', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('escalation_step', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_worry_alert_journal_entry_id_journal_entry'), 'journal_entry', ['journal_entry_id'], ['id'])

    # Alerts raised before this release by a network member were all "something worrying".
    op.execute("UPDATE worry_alert SET kind = 'member_worry' WHERE member_id IS NOT NULL")

    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mobile', sa.String(length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('worker', schema=None) as batch_op:
        batch_op.drop_column('mobile')

    with op.batch_alter_table('worry_alert', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_worry_alert_journal_entry_id_journal_entry'), type_='foreignkey')
        batch_op.drop_column('escalation_step')
        batch_op.drop_column('acknowledged_action')
        batch_op.drop_column('journal_entry_id')
        batch_op.drop_column('kind')

    with op.batch_alter_table('alert_notice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_notice_alert_id'))

    op.drop_table('alert_notice')
