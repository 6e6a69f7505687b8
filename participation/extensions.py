"""The Flask extensions, created once and bound to the app in create_app."""

from typing import TYPE_CHECKING

from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from htmx_flask import Htmx
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

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
