"""one name per record kind: record entries and PDFs use the registry's names

Revision ID: a7c3e91d4b26
Revises: f5c9b2e8a617
Create Date: 2026-12-01 16:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e91d4b26'
down_revision = 'f5c9b2e8a617'
branch_labels = None
depends_on = None

# (table, earlier name, registry name). The public API keeps its earlier type names: the
# registry maps them ("child_activity", "pathway_plan") when entries leave.
RENAMES = (
    ("record_entry", "child_activity", "activity"),
    ("record_entry", "pathway_plan", "pathway_version"),
    ("record_pdf", "journal", "journal_entry"),
    ("record_pdf", "pathway", "pathway_version"),
)


def _rename(table: str, old: str, new: str) -> None:
    op.execute(
        sa.text(f"UPDATE {table} SET kind = :new WHERE kind = :old").bindparams(old=old, new=new)
    )


def upgrade():
    for table, old, new in RENAMES:
        _rename(table, old, new)


def downgrade():
    for table, old, new in RENAMES:
        _rename(table, new, old)
