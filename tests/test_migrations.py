"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from participation.extensions import db
from participation.jobs import schema as queue_schema
from tests.conftest import reset_database


def ours(name: str) -> bool:
    """The job queue's tables are Procrastinate's, not our models'."""
    return not name.startswith("procrastinate")


def test_migrations_create_the_same_schema_as_the_models(app):
    reset_database()
    assert [t for t in inspect(db.engine).get_table_names() if ours(t)] == []
    upgrade()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_name": lambda name, kind, _: kind != "table" or ours(name or ""),
            },
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"worker", "child", "activity", "drawing", "audit_event"} <= tables


def test_migrations_upgrade_twice_is_harmless(app):
    reset_database()
    upgrade()
    upgrade()
    assert "alembic_version" in inspect(db.engine).get_table_names()


def test_the_job_queue_migration_goes_both_ways(app):
    reset_database()
    upgrade()
    downgrade(revision="5e1d7c2a9b40")
    with db.engine.connect() as conn:
        assert not queue_schema.exists(conn)
    upgrade()
    with db.engine.connect() as conn:
        assert queue_schema.exists(conn) == (conn.dialect.name == "postgresql")
