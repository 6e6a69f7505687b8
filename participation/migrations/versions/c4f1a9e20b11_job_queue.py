"""The job queue's tables (Procrastinate 3.10's schema) on PostgreSQL

On SQLite (the embedded default) the queue lives in the app process and needs no tables.

Revision ID: c4f1a9e20b11
Revises: 5e1d7c2a9b40
Create Date: 2026-12-01 13:20:00.000000

"""
from alembic import op

from participation.jobs import schema


# revision identifiers, used by Alembic.
revision = 'c4f1a9e20b11'
down_revision = '5e1d7c2a9b40'
branch_labels = None
depends_on = None


def upgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        schema.create(connection)


def downgrade():
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        schema.drop(connection)
