"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import inspect

from participation.extensions import db
from tests.conftest import reset_database


def test_migrations_create_the_same_schema_as_the_models(app):
    reset_database()
    assert inspect(db.engine).get_table_names() == []
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"worker", "child", "activity", "drawing", "audit_event"} <= tables


def test_migrations_upgrade_twice_is_harmless(app):
    reset_database()
    upgrade()
    upgrade()
    assert "alembic_version" in inspect(db.engine).get_table_names()
