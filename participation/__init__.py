"""participation: children's, young people's and families' own words into the case record."""

import os
import secrets
from importlib import import_module
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from participation import extensions as ext

# Values a careless deployment might copy from a README; never accepted in production.
_PLACEHOLDER_KEYS = {"change-me", "changeme", "secret", "dev", "development", "please-change"}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then the environment, then any test configuration."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object("participation.config")
    _load_environment(app)
    if test_config:
        app.config.from_mapping(test_config)
    _finalise_config(app)

    if app.config["PROXY_COUNT"]:
        n = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    _init_extensions(app)
    from participation.pwa import assets

    assets.init_app(app)  # first after_request registered runs last: compress the final body
    from participation import inputs

    inputs.init_app(app)  # before the blueprints: their URL converters refuse hostile ids
    _register_blueprints(app)
    for name in RECORD_KINDS:
        import_module(f"participation.{name}.record_kind")

    from participation import errors, security

    security.init_app(app)
    errors.init_app(app)
    from participation import links

    links.init_app(app)  # absolute links on PARTICIPATION_BASE_URL, never the Host header
    from participation import notifications

    notifications.init_app(app)  # production refuses a provider that reaches no phone
    from participation import prompts

    prompts.init_app(app)  # recorded read-aloud prompts, `flask prompts`
    from participation import cli

    cli.init_app(app)
    return app


def _load_environment(app: Flask) -> None:
    """Twelve-factor settings: conventional names first, then PARTICIPATION_* for the rest."""
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if os.environ.get("REDIS_URL"):
        app.config["RATELIMIT_STORAGE_URI"] = os.environ["REDIS_URL"]
        app.config["SESSION_REDIS_URL"] = os.environ["REDIS_URL"]
    app.config.from_prefixed_env(prefix="PARTICIPATION")


def _finalise_config(app: Flask) -> None:
    env = app.config["ENVIRONMENT"]
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)

    key = app.config.get("SECRET_KEY")
    if env == "production":
        # Refuse to run in production with a missing, short or placeholder key: every
        # session cookie and sign-in code hash depends on it.
        if not key or len(key) < 32 or key.lower() in _PLACEHOLDER_KEYS:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in "
                "production (for example: python -c 'import secrets; print(secrets.token_hex(32))')"
            )
    elif not key:
        key_file = instance / "secret_key"
        if not key_file.exists():
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        app.config["SECRET_KEY"] = key_file.read_text().strip()

    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or f"sqlite:///{instance / 'participation.db'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(uri)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {}

    upload = app.config.get("UPLOAD_FOLDER") or str(instance / "uploads")
    Path(upload).mkdir(parents=True, exist_ok=True)
    app.config["UPLOAD_FOLDER"] = upload
    # Local folder or object store: a setting that cannot work stops the app here, in words.
    from participation import storage

    storage.init_app(app)

    app.config.setdefault(
        "BABEL_TRANSLATION_DIRECTORIES", str(Path(app.root_path).parent / "translations")
    )

    if env != "production":
        # Local http://127.0.0.1 has no TLS, so a Secure cookie would never be sent back.
        app.config["SESSION_COOKIE_SECURE"] = False


def _normalise_database_url(uri: str) -> str:
    """Accept the postgres:// URLs hosting platforms hand out; we use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if uri.startswith(prefix):
            return "postgresql+psycopg://" + uri[len(prefix) :]
    return uri


def _init_extensions(app: Flask) -> None:
    from participation import forms, i18n, statement_cache
    from participation.identity import storage as identity_storage
    from participation.people import load_user, unauthorised

    ext.db.init_app(app)
    statement_cache.init_app(app)  # after Flask-SQLAlchemy: its teardown runs before the session's
    ext.migrate.init_app(
        app, ext.db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    ext.login_manager.init_app(app)
    ext.login_manager.user_loader(load_user)
    ext.login_manager.unauthorized_handler(unauthorised)
    # Flask-Login's "strong" protection hashes X-Forwarded-For, which any client can forge,
    # and signs people out when it changes. Sessions are server-side rows instead, ended
    # on sign-out (participation/identity).
    ext.login_manager.session_protection = None
    identity_storage.init_app(app)
    ext.csrf.init_app(app)
    forms.init_app(app)
    ext.htmx.init_app(app)
    ext.limiter.init_app(app)
    i18n.init_app(app)
    import participation.models  # noqa: F401  (registers every table)
    from participation import jobs

    jobs.init_app(app)


FEATURES = (
    "auth",
    "children",
    "activities",
    "codes",
    "scales",
    "network",
    "journal",
    "pathway",
    "caserecord",
    "retention",
    "pwa",
    "translation",
    "review",
    "timeline",
    "record",
    "audit",
    "identity",
    "admin",
    "alerts",
    "jobs",
    "notifications",
    "planscales",
    "childspace",
    "wordspictures",
    "advocacy",
    "meetings",
)

# The features whose record_kind module registers the kinds of thing they put on the case
# record (participation/caserecord/kinds.py); a new kind's feature is added here.
RECORD_KINDS = (
    "activities",
    "advocacy",
    "alerts",
    "journal",
    "meetings",
    "network",
    "pathway",
    "scales",
    "planscales",
    "wordspictures",
)


def _register_blueprints(app: Flask) -> None:
    """Each feature package holds its blueprints (one per audience where it serves several);
    importing its route modules attaches the views."""
    for name in FEATURES:
        package = import_module(f"participation.{name}")
        for module in getattr(package, "ROUTE_MODULES", ("routes",)):
            import_module(f"participation.{name}.{module}")
        for blueprint in getattr(package, "BLUEPRINTS", None) or (package.bp,):
            app.register_blueprint(blueprint)
    from participation import moved

    app.register_blueprint(moved.bp)
    ext.csrf.exempt(moved.bp)  # it only redirects; the form's token is checked where it lands
    # The case-record API authenticates each call with a bearer token, not a cookie.
    from participation.caserecord import bp as caserecord_bp

    ext.csrf.exempt(caserecord_bp)
