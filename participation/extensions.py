"""The Flask extensions, created once and bound to the app in create_app."""

import time
from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData, event, exc
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

from participation.addresses import client_network

# Named constraints so Alembic can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Typed declarative base shared by every feature's models."""

    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)

# Models subclass this: mypy cannot follow the class Flask-SQLAlchemy builds at run time
# (db.Model, Base plus table naming and bind keys), so it checks them against Base.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model

migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
htmx = Htmx()
talisman = Talisman()
# Keyed by network (IPv6 /64, IPv4 address) so one household can't count as 2**64 people.
limiter = Limiter(key_func=client_network)


# A pooled connection idle this long is checked (one "SELECT 1") before a request uses it.
# pool_pre_ping checked it on every checkout, a round trip on every request; a connection
# used a moment ago is alive, and if the database restarted in between, the request says
# "try again in a minute" (errors.py) and the whole pool is replaced as the error is seen.
PING_AFTER_IDLE_SECONDS = 10.0


@event.listens_for(Pool, "checkin")
def _note_idle_since(dbapi_connection, connection_record) -> None:
    """When the connection went back to the pool, for the check on its next checkout."""
    if connection_record is not None:
        connection_record.info["idle_since"] = time.monotonic()


@event.listens_for(Pool, "checkout")
def _ping_if_idle(dbapi_connection, connection_record, connection_proxy) -> None:
    """A connection that sat idle is pinged: a database that restarted (or a firewall that
    dropped it) costs one retry on a fresh connection, never an error page."""
    since = connection_record.info.get("idle_since")  # none: a new connection, alive
    if since is None or time.monotonic() - since < PING_AFTER_IDLE_SECONDS:
        return
    if not connection_proxy._pool._dialect._do_ping_w_event(dbapi_connection):
        # Every older pooled connection went with the database: replace them all, and the
        # pool retries this checkout on a fresh one.
        raise exc.InvalidatePoolError()
