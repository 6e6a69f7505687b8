"""an index on every foreign key, so deletes and lists do not scan the referencing table

Revision ID: 8608fb9e30bf
Revises: 3cd560837e14
Create Date: 2026-12-01 20:43:35.564057

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '8608fb9e30bf'
down_revision = '3cd560837e14'
branch_labels = None
depends_on = None

# (table, column): each gets "ix_<table>_<column>", the name the models' naming convention
# gives index=True. journal_read.entry_id and read_receipt.activity_id are the second column
# of their primary key, so a retention delete of an entry or a submission scanned them all.
# A plain CREATE INDEX briefly blocks writes to the table; at council scale (tens of
# thousands of rows) each takes well under a second.
INDEXES = (
    ('activity', 'started_by_id'),
    ('activity_area', 'scribed_by_id'),
    ('alert_notice', 'recipient_worker_id'),
    ('family', 'created_by_id'),
    ('interpreter_team', 'team_id'),
    ('journal_entry', 'replied_by_id'),
    ('journal_entry', 'reviewed_by_id'),
    ('journal_entry_rule', 'rule_id'),
    ('journal_read', 'entry_id'),
    ('network_member', 'invited_by_id'),
    ('read_receipt', 'activity_id'),
    ('review', 'analysis_by_id'),
    ('review', 'replied_by_id'),
    ('review', 'reviewed_by_id'),
    ('scale_answer', 'asked_by_id'),
    ('shared_item', 'shared_by_id'),
    ('sign_in_code', 'created_by_id'),
    ('suggestion', 'suggested_by_id'),
    ('translation', 'requested_by_id'),
    ('worker', 'team_id'),
    ('worry_alert', 'acknowledged_by_id'),
    ('worry_alert', 'activity_id'),
    ('worry_alert', 'journal_entry_id'),
    ('worry_alert', 'member_id'),
    ('young_person', 'family_id'),
)


def upgrade():
    for table, column in INDEXES:
        op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)


def downgrade():
    for table, column in reversed(INDEXES):
        op.drop_index(op.f(f'ix_{table}_{column}'), table_name=table)
