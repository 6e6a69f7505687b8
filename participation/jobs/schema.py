"""Procrastinate's own tables on PostgreSQL, created by our Alembic migration."""

from procrastinate.schema import SchemaManager
from sqlalchemy import text
from sqlalchemy.engine import Connection

# Drops everything Procrastinate's schema creates (tables, functions, enum and row types),
# for the migration's downgrade.
DROP = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tablename FROM pg_tables
           WHERE schemaname = current_schema() AND tablename LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.tablename);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS f FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate%' LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.f);
  END LOOP;
  FOR r IN SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE n.nspname = current_schema() AND t.typname LIKE 'procrastinate%'
             AND t.typtype IN ('e', 'c') LOOP
    EXECUTE format('DROP TYPE IF EXISTS %I CASCADE', r.typname);
  END LOOP;
END $$;
"""


def exists(connection: Connection) -> bool:
    if connection.dialect.name != "postgresql":
        return False
    return connection.scalar(text("SELECT to_regclass('procrastinate_jobs')")) is not None


def create(connection: Connection) -> None:
    """Procrastinate's schema as shipped with the pinned version (upgrades: its migrations)."""
    if not exists(connection):
        drop(connection)  # anything a half-finished earlier attempt left
        _raw(connection, SchemaManager.get_schema())


def drop(connection: Connection) -> None:
    _raw(connection, DROP)


def empty(connection: Connection) -> None:
    """For tests: every job, event and worker gone, the schema kept."""
    connection.exec_driver_sql(
        "TRUNCATE procrastinate_jobs, procrastinate_events, procrastinate_periodic_defers, "
        "procrastinate_workers RESTART IDENTITY CASCADE"
    )


def _raw(connection: Connection, sql: str) -> None:
    # Straight to psycopg with no parameters, so the '%' in the SQL is not read as one.
    connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]
