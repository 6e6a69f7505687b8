"""care leavers' timescales: moves, "bring my review forward", reviews and their contributors

Revision ID: 5e1a7c3b9d20
Revises: 4e1b7c9a2d53
Create Date: 2026-12-01 23:10:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '5e1a7c3b9d20'
down_revision = '4e1b7c9a2d53'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('accommodation_move',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=False),
    sa.Column('moved_on', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=32), nullable=False),
    sa.Column('words', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('recorded_by_kind', sa.String(length=24), nullable=False),
    sa.Column('recorded_by_name', sa.String(length=200), nullable=False),
    sa.Column('review_on', sa.Date(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_person.id'], name=op.f('fk_accommodation_move_young_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accommodation_move')),
    sa.UniqueConstraint('public_id', name=op.f('uq_accommodation_move_public_id'))
    )
    op.create_index(op.f('ix_accommodation_move_young_person_id'), 'accommodation_move', ['young_person_id'], unique=False)
    op.create_table('review_forward_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('asked_by_kind', sa.String(length=24), nullable=False),
    sa.Column('asked_by_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_person.id'], name=op.f('fk_review_forward_request_young_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_forward_request')),
    sa.UniqueConstraint('public_id', name=op.f('uq_review_forward_request_public_id'))
    )
    op.create_index(op.f('ix_review_forward_request_young_person_id'), 'review_forward_request', ['young_person_id'], unique=False)
    op.create_table('pathway_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.Text(), nullable=False),
    sa.Column('held_by_id', sa.Integer(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['held_by_id'], ['worker.id'], name=op.f('fk_pathway_review_held_by_id_worker')),
    sa.ForeignKeyConstraint(['plan_id'], ['pathway_plan.id'], name=op.f('fk_pathway_review_plan_id_pathway_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pathway_review')),
    sa.UniqueConstraint('public_id', name=op.f('uq_pathway_review_public_id'))
    )
    op.create_index(op.f('ix_pathway_review_held_by_id'), 'pathway_review', ['held_by_id'], unique=False)
    op.create_index(op.f('ix_pathway_review_held_on'), 'pathway_review', ['held_on'], unique=False)
    op.create_index(op.f('ix_pathway_review_plan_id'), 'pathway_review', ['plan_id'], unique=False)
    op.create_table('review_contributor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relationship_to_young_person', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('going_well', sa.Text(), nullable=False),
    sa.Column('worries', sa.Text(), nullable=False),
    sa.Column('should_happen', sa.Text(), nullable=False),
    sa.Column('link_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('redeemed_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['network_member.id'], name=op.f('fk_review_contributor_member_id_network_member')),
    sa.ForeignKeyConstraint(['review_id'], ['pathway_review.id'], name=op.f('fk_review_contributor_review_id_pathway_review')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_contributor')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_review_contributor_code_hash')),
    sa.UniqueConstraint('link_hash', name=op.f('uq_review_contributor_link_hash')),
    sa.UniqueConstraint('public_id', name=op.f('uq_review_contributor_public_id'))
    )
    op.create_index(op.f('ix_review_contributor_member_id'), 'review_contributor', ['member_id'], unique=False)
    op.create_index(op.f('ix_review_contributor_review_id'), 'review_contributor', ['review_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_review_contributor_review_id'), table_name='review_contributor')
    op.drop_index(op.f('ix_review_contributor_member_id'), table_name='review_contributor')
    op.drop_table('review_contributor')
    op.drop_index(op.f('ix_pathway_review_plan_id'), table_name='pathway_review')
    op.drop_index(op.f('ix_pathway_review_held_on'), table_name='pathway_review')
    op.drop_index(op.f('ix_pathway_review_held_by_id'), table_name='pathway_review')
    op.drop_table('pathway_review')
    op.drop_index(op.f('ix_review_forward_request_young_person_id'), table_name='review_forward_request')
    op.drop_table('review_forward_request')
    op.drop_index(op.f('ix_accommodation_move_young_person_id'), table_name='accommodation_move')
    op.drop_table('accommodation_move')
