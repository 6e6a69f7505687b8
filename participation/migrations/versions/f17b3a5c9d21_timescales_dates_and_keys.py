"""timescales: the dates an adviser was allocated and the assessment started, one row per
form sent (client keys), and a review's outcome as a version of the plan

Revision ID: f17b3a5c9d21
Revises: 9c4d2a7e1f60
Create Date: 2026-12-02 00:10:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f17b3a5c9d21'
down_revision = '9c4d2a7e1f60'
branch_labels = None
depends_on = None

KEYED = (
    ('accommodation_move', 'young_person_id'),
    ('review_forward_request', 'young_person_id'),
    ('review_contributor', 'review_id'),
)


def upgrade():
    with op.batch_alter_table('young_person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pa_allocated_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('assessment_started_on', sa.Date(), nullable=True))
    for table, owner in KEYED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
            batch_op.create_unique_constraint(batch_op.f(f'uq_{table}_{owner}'),
                                              [owner, 'client_key'])
    with op.batch_alter_table('agreed_plan_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_agreed_plan_version_review_id'), ['review_id'],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f('fk_agreed_plan_version_review_id_pathway_review'), 'pathway_review',
            ['review_id'], ['id'])


def downgrade():
    with op.batch_alter_table('agreed_plan_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_agreed_plan_version_review_id_pathway_review'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_agreed_plan_version_review_id'))
        batch_op.drop_column('review_id')
    for table, owner in reversed(KEYED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'uq_{table}_{owner}'), type_='unique')
            batch_op.drop_column('client_key')
    with op.batch_alter_table('young_person', schema=None) as batch_op:
        batch_op.drop_column('assessment_started_on')
        batch_op.drop_column('pa_allocated_on')
