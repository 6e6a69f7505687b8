"""One signed_in_session table for staff, children's devices, members and young people

Replaces child_session, member_session and young_person_session. Existing device sessions
are not carried over: every child's tablet, member's and young person's phone simply signs
in again (with a new invitation or their password), and staff sign in again, because the
session cookie itself also moves server-side in this release.

Revision ID: 5e1d7c2a9b40
Revises: 3c9e2f71a4d8
Create Date: 2026-12-01 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '5e1d7c2a9b40'
down_revision = '3c9e2f71a4d8'
branch_labels = None
depends_on = None

PEOPLE = (
    ('worker_id', 'worker'),
    ('activity_id', 'activity'),
    ('sign_in_code_id', 'sign_in_code'),
    ('member_id', 'network_member'),
    ('young_person_id', 'young_person'),
)


def upgrade():
    op.create_table('signed_in_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.Enum('WORKER', 'CHILD', 'MEMBER', 'YOUNG_PERSON', name='kind', native_enum=False, length=16), nullable=False),
    *[sa.Column(column, sa.Integer(), nullable=True) for column, _table in PEOPLE],
    sa.Column('device', sa.String(length=120), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    *[
        sa.ForeignKeyConstraint([column], [f'{table}.id'], name=op.f(f'fk_signed_in_session_{column}_{table}'))
        for column, table in PEOPLE
    ],
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signed_in_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_signed_in_session_token_hash'))
    )
    with op.batch_alter_table('signed_in_session', schema=None) as batch_op:
        for column, _table in PEOPLE:
            batch_op.create_index(batch_op.f(f'ix_signed_in_session_{column}'), [column], unique=False)

    # Existing device sessions end here (see the note at the top).
    for table, indexes in (
        ('child_session', ('ix_child_session_activity_id', 'ix_child_session_code_id')),
        ('member_session', ('ix_member_session_member_id',)),
        ('young_person_session', ('ix_young_person_session_young_person_id',)),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for index in indexes:
                batch_op.drop_index(batch_op.f(index))
        op.drop_table(table)


def downgrade():
    # The old tables come back empty: every device signs in again.
    op.create_table('child_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_child_session_activity_id_activity')),
    sa.ForeignKeyConstraint(['code_id'], ['sign_in_code.id'], name=op.f('fk_child_session_code_id_sign_in_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_child_session_token_hash'))
    )
    with op.batch_alter_table('child_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_session_activity_id'), ['activity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_session_code_id'), ['code_id'], unique=False)

    op.create_table('member_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['member_id'], ['network_member.id'], name=op.f('fk_member_session_member_id_network_member')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_member_session_token_hash'))
    )
    with op.batch_alter_table('member_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_session_member_id'), ['member_id'], unique=False)

    op.create_table('young_person_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('young_person_id', sa.Integer(), nullable=False),
    sa.Column('created_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', participation.db_types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', participation.db_types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['young_person_id'], ['young_person.id'], name=op.f('fk_young_person_session_young_person_id_young_person')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_person_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_young_person_session_token_hash'))
    )
    with op.batch_alter_table('young_person_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_person_session_young_person_id'), ['young_person_id'], unique=False)

    with op.batch_alter_table('signed_in_session', schema=None) as batch_op:
        for column, _table in PEOPLE:
            batch_op.drop_index(batch_op.f(f'ix_signed_in_session_{column}'))
    op.drop_table('signed_in_session')
