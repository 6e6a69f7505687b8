"""audit events say whose record they are about; earlier translations are kept

Revision ID: 7a3e51c0d9b2
Revises: c5acac34f780
Create Date: 2026-12-01 09:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import participation.db_types


# revision identifiers, used by Alembic.
revision = '7a3e51c0d9b2'
down_revision = 'c5acac34f780'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject_kind', sa.String(length=16), server_default='', nullable=False))
        batch_op.add_column(sa.Column('subject_id', sa.String(length=36), server_default='', nullable=False))
        batch_op.create_index('ix_audit_event_subject', ['subject_kind', 'subject_id'], unique=False)
    # Events already kept: a child's stay the child's; a young person's plan, its agreed
    # versions and suggestions, and a member's journal entries, replies and files become
    # theirs, so their "Who has looked" pages show the past too.
    op.execute(
        "UPDATE audit_event SET subject_kind = 'child', subject_id = child_public_id "
        "WHERE child_public_id <> ''"
    )
    op.execute(
        "UPDATE audit_event SET subject_kind = 'young_person', subject_id = object_id "
        "WHERE subject_kind = '' AND object_kind = 'young_person'"
    )
    for subject_kind, object_kinds, person in _OWNERS:
        _backfill(subject_kind, object_kinds, person)
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaced_at', participation.db_types.UTCDateTime(timezone=True), nullable=True))


# Whose record each older kind of event is about: the object's table, then the joins to the
# person. Correlated subqueries, so the same SQL runs on SQLite and PostgreSQL.
_OWNERS = [
    ("network_member", ("journal_entry", "journal_reply"),
     "network_member.public_id FROM journal_entry"
     " JOIN network_member ON network_member.id = journal_entry.member_id"
     " WHERE journal_entry.public_id"),
    ("network_member", ("journal_attachment",),
     "network_member.public_id FROM journal_attachment"
     " JOIN journal_entry ON journal_entry.id = journal_attachment.entry_id"
     " JOIN network_member ON network_member.id = journal_entry.member_id"
     " WHERE journal_attachment.public_id"),
    ("young_person", ("pathway_plan",),
     "young_person.public_id FROM pathway_plan"
     " JOIN young_person ON young_person.id = pathway_plan.young_person_id"
     " WHERE pathway_plan.public_id"),
    ("young_person", ("pathway_version",),
     "young_person.public_id FROM agreed_plan_version"
     " JOIN pathway_plan ON pathway_plan.id = agreed_plan_version.plan_id"
     " JOIN young_person ON young_person.id = pathway_plan.young_person_id"
     " WHERE agreed_plan_version.public_id"),
    ("young_person", ("suggestion",),
     "young_person.public_id FROM suggestion"
     " JOIN plan_section ON plan_section.id = suggestion.section_id"
     " JOIN pathway_plan ON pathway_plan.id = plan_section.plan_id"
     " JOIN young_person ON young_person.id = pathway_plan.young_person_id"
     " WHERE suggestion.public_id"),
]  # fmt: skip


def _backfill(subject_kind, object_kinds, person):
    found = f"SELECT {person} = audit_event.object_id"
    kinds = ", ".join(f"'{kind}'" for kind in object_kinds)
    op.execute(  # noqa: S608 - built from the constants above, never from input
        f"UPDATE audit_event SET subject_kind = '{subject_kind}', subject_id = ({found}) "
        f"WHERE subject_kind = '' AND object_kind IN ({kinds}) AND EXISTS ({found})"
    )


def downgrade():
    with op.batch_alter_table('translation', schema=None) as batch_op:
        batch_op.drop_column('replaced_at')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
        batch_op.drop_column('subject_id')
        batch_op.drop_column('subject_kind')
