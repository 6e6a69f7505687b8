"""indexes whose cost follows the caseload: open alerts, record entries, waiting translations

Revision ID: 4b1e6d2f8a07
Revises: 5e1a7c3b9d20
Create Date: 2026-12-01 23:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4b1e6d2f8a07'
down_revision = '5e1a7c3b9d20'
branch_labels = None
depends_on = None


def upgrade():
    # Partial: only unacknowledged alerts, a handful however long the council has kept them.
    op.create_index(
        'ix_worry_alert_open',
        'worry_alert',
        ['raised_at'],
        unique=False,
        postgresql_where=sa.text('acknowledged_at IS NULL'),
        sqlite_where=sa.text('acknowledged_at IS NULL'),
    )
    # The API pull: a team's entries after a cursor, in order.
    op.create_index('ix_record_entry_team_id_id', 'record_entry', ['team_id', 'id'], unique=False)
    # The overdue view: a team's unfiled entries by deadline.
    op.create_index(
        'ix_record_entry_unfiled',
        'record_entry',
        ['team_id', 'due_by'],
        unique=False,
        postgresql_where=sa.text('filed_at IS NULL'),
        sqlite_where=sa.text('filed_at IS NULL'),
    )
    # The interpreters' queues: words still waiting, and one interpreter's latest done.
    op.create_index(
        'ix_translation_waiting',
        'translation',
        ['requested_at'],
        unique=False,
        postgresql_where=sa.text("status = 'requested'"),
        sqlite_where=sa.text("status = 'requested'"),
    )
    op.create_index(
        'ix_translation_assigned_to_id_translated_at',
        'translation',
        ['assigned_to_id', 'translated_at'],
        unique=False,
    )


def downgrade():
    op.drop_index('ix_translation_assigned_to_id_translated_at', table_name='translation')
    op.drop_index('ix_translation_waiting', table_name='translation')
    op.drop_index('ix_record_entry_unfiled', table_name='record_entry')
    op.drop_index('ix_record_entry_team_id_id', table_name='record_entry')
    op.drop_index('ix_worry_alert_open', table_name='worry_alert')
