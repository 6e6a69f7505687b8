"""speed: a child's submissions and a family's journal entries by time (issue #14)

Revision ID: 5bd1e0c7a4f2
Revises: f17b3a5c9d21
Create Date: 2026-12-02 00:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5bd1e0c7a4f2'
down_revision = 'f17b3a5c9d21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_activity_child_id_submitted_at', 'activity', ['child_id', 'submitted_at'])
    op.create_index(
        'ix_journal_entry_family_id_created_at', 'journal_entry', ['family_id', 'created_at']
    )


def downgrade():
    op.drop_index('ix_journal_entry_family_id_created_at', table_name='journal_entry')
    op.drop_index('ix_activity_child_id_submitted_at', table_name='activity')
