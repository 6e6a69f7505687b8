"""Every foreign key has an index, so deleting a parent (retention) or listing its children
does not scan the whole child table."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import Table, UniqueConstraint, inspect

import participation.models  # noqa: F401  (registers every table)
from participation.extensions import db
from tests.conftest import reset_database

# Foreign keys that truly need no index of their own, each with the reason. Keep this short:
# an index is cheap, a scan in a retention delete at council scale is not. None today: even
# the "by worker" columns are indexed, so erasing a staff account (or listing one worker's
# reviews) never walks every row.
ALLOWED: dict[str, str] = {}


def leading_columns(table: Table) -> set[str]:
    """Columns some index, unique constraint or primary key starts with (a composite key's
    first column can be searched by the key; its later columns cannot)."""
    leading: set[str] = set()
    if table.primary_key.columns:
        leading.add(next(iter(table.primary_key.columns)).name)
    for index in table.indexes:
        columns = list(index.columns)
        if columns:
            leading.add(columns[0].name)
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint) and len(constraint.columns):
            leading.add(list(constraint.columns)[0].name)
    # A single column marked unique=True or index=True gets its own constraint or index.
    for column in table.columns:
        if column.unique or column.index:
            leading.add(column.name)
    return leading


def unindexed_foreign_keys() -> list[str]:
    """Every "table.column" that references another table and no index starts with."""
    missing: list[str] = []
    for table in db.metadata.sorted_tables:
        leading = leading_columns(table)
        for column in table.columns:
            if column.foreign_keys and column.name not in leading:
                missing.append(f"{table.name}.{column.name}")
    return missing


def test_every_foreign_key_is_the_first_column_of_an_index():
    missing = [name for name in unindexed_foreign_keys() if name not in ALLOWED]
    assert missing == []


def test_the_allow_list_names_only_real_unindexed_foreign_keys():
    assert set(ALLOWED) <= set(unindexed_foreign_keys())


def index_names(table: str) -> set[str]:
    return {index["name"] or "" for index in inspect(db.engine).get_indexes(table)}


def test_the_index_migration_goes_both_ways(app):
    reset_database()
    upgrade()
    assert "ix_journal_read_entry_id" in index_names("journal_read")
    downgrade(revision="3cd560837e14")
    assert "ix_journal_read_entry_id" not in index_names("journal_read")
    assert "ix_read_receipt_activity_id" not in index_names("read_receipt")
    upgrade()
    assert "ix_read_receipt_activity_id" in index_names("read_receipt")
