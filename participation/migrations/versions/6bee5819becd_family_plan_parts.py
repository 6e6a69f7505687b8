"""the family's plan: its other parts, who wrote each sentence, parents, proposals (issue #15)

Revision ID: 6bee5819becd
Revises: 5bd1e0c7a4f2
Create Date: 2026-12-02 04:20:00.000000

"""
import sqlalchemy as sa
from alembic import op

from participation.db_types import UTCDateTime

# revision identifiers, used by Alembic.
revision = '6bee5819becd'
down_revision = "5bd1e0c7a4f2"
branch_labels = None
depends_on = None

ATTRIBUTED = ('plan_pair', 'plan_rule')


def _attribution(table):
    return [
        sa.Column('written_by_kind', sa.String(length=16), nullable=False, server_default='worker'),
        sa.Column('written_by_name', sa.String(length=200), nullable=False, server_default=''),
        sa.Column('written_by_member_id', sa.Integer(), nullable=True),
        sa.Column('language', sa.String(length=16), nullable=False, server_default='en'),
    ]


def upgrade():
    op.create_table('plan_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('by_when', sa.Date(), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    *_attribution('plan_item'),
    sa.ForeignKeyConstraint(['plan_id'], ['safety_plan.id'], name=op.f('fk_plan_item_plan_id_safety_plan')),
    sa.ForeignKeyConstraint(['written_by_member_id'], ['network_member.id'], name=op.f('fk_plan_item_written_by_member_id_network_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_item')),
    sa.UniqueConstraint('public_id', name=op.f('uq_plan_item_public_id'))
    )
    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_item_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_item_written_by_member_id'), ['written_by_member_id'], unique=False)

    op.create_table('plan_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=32), nullable=False),
    sa.Column('target', sa.String(length=36), nullable=False, server_default=''),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False, server_default='en'),
    sa.Column('status', sa.String(length=16), nullable=False, server_default='open'),
    sa.Column('final_text', sa.Text(), nullable=False, server_default=''),
    sa.Column('reason', sa.Text(), nullable=False, server_default=''),
    sa.Column('responded_by_id', sa.Integer(), nullable=True),
    sa.Column('responded_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['safety_plan.id'], name=op.f('fk_plan_proposal_plan_id_safety_plan')),
    sa.ForeignKeyConstraint(['member_id'], ['network_member.id'], name=op.f('fk_plan_proposal_member_id_network_member')),
    sa.ForeignKeyConstraint(['responded_by_id'], ['worker.id'], name=op.f('fk_plan_proposal_responded_by_id_worker')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_proposal')),
    sa.UniqueConstraint('public_id', name=op.f('uq_plan_proposal_public_id')),
    sa.UniqueConstraint('member_id', 'client_key', name=op.f('uq_plan_proposal_member_id')),
    )
    with op.batch_alter_table('plan_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_proposal_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_proposal_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_proposal_responded_by_id'), ['responded_by_id'], unique=False)

    for table in ATTRIBUTED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in _attribution(table):
                batch_op.add_column(column)
            batch_op.create_index(batch_op.f(f'ix_{table}_written_by_member_id'), ['written_by_member_id'], unique=False)
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_written_by_member_id_network_member'), 'network_member', ['written_by_member_id'], ['id'])

    with op.batch_alter_table('safety_plan', schema=None) as batch_op:
        batch_op.add_column(sa.Column('object_chosen_by_child_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_review_on', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_safety_plan_object_chosen_by_child_id_child'), 'child', ['object_chosen_by_child_id'], ['id'])

    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(length=16), nullable=False, server_default='member'))


def downgrade():
    with op.batch_alter_table('network_member', schema=None) as batch_op:
        batch_op.drop_column('role')

    with op.batch_alter_table('safety_plan', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_safety_plan_object_chosen_by_child_id_child'), type_='foreignkey')
        batch_op.drop_column('next_review_on')
        batch_op.drop_column('object_chosen_by_child_id')

    for table in reversed(ATTRIBUTED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_written_by_member_id_network_member'), type_='foreignkey')
            batch_op.drop_index(batch_op.f(f'ix_{table}_written_by_member_id'))
            batch_op.drop_column('language')
            batch_op.drop_column('written_by_member_id')
            batch_op.drop_column('written_by_name')
            batch_op.drop_column('written_by_kind')

    with op.batch_alter_table('plan_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_proposal_responded_by_id'))
        batch_op.drop_index(batch_op.f('ix_plan_proposal_member_id'))
        batch_op.drop_index(batch_op.f('ix_plan_proposal_plan_id'))
    op.drop_table('plan_proposal')

    with op.batch_alter_table('plan_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_item_written_by_member_id'))
        batch_op.drop_index(batch_op.f('ix_plan_item_plan_id'))
    op.drop_table('plan_item')
