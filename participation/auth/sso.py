"""Staff single sign-on with the council's identity provider over OpenID Connect.

Authlib's Flask client does the protocol: discovery, state, nonce, PKCE (S256), the code
exchange and the ID token's signature, issuer, audience, expiry and nonce checks. This
module only decides who the signed-in person is here, and with which role.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, session
from requests import RequestException
from sqlalchemy import func, select

from participation.auth.models import Role, Worker
from participation.extensions import db
from participation.links import external_url

EXTENSION = "participation_sso"
NAME = "council"


def init_app(app: Flask) -> None:
    """Check the settings once at start-up and register the provider; a setting that cannot
    work stops the app here, in words, not at a worker's first sign-in."""
    if not _configured(app.config):
        return
    discovery = _discovery_url(app.config)
    if app.config["ENVIRONMENT"] == "production" and urlsplit(discovery).scheme != "https":
        # Over plain http anyone on the way could answer as the council's provider.
        raise RuntimeError("PARTICIPATION_OIDC_ISSUER must be https:// in production")
    if not app.config.get("OIDC_CLIENT_SECRET"):
        raise RuntimeError(
            "PARTICIPATION_OIDC_CLIENT_SECRET must be set with PARTICIPATION_OIDC_CLIENT_ID"
        )
    mapping = app.config.get("OIDC_ROLE_MAP") or {}
    if not isinstance(mapping, Mapping):
        raise RuntimeError('PARTICIPATION_OIDC_ROLE_MAP must be JSON like {"claim value": "role"}')
    known = {role.value for role in Role}
    wrong = sorted(str(r) for r in mapping.values() if r not in known)
    if wrong:
        raise RuntimeError(
            f"PARTICIPATION_OIDC_ROLE_MAP names roles that don't exist: {', '.join(wrong)} "
            f"(use {', '.join(sorted(known))})"
        )
    oauth = OAuth(app)
    oauth.register(
        NAME,
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=discovery,
        client_kwargs={
            "scope": app.config["OIDC_SCOPES"],
            "code_challenge_method": "S256",
            "default_timeout": app.config["OIDC_TIMEOUT"],
        },
    )
    app.extensions[EXTENSION] = oauth


def _configured(config: Mapping[str, Any]) -> bool:
    return bool(
        (config.get("OIDC_ISSUER") or config.get("OIDC_DISCOVERY_URL"))
        and config.get("OIDC_CLIENT_ID")
    )


def provider_origins(config: Mapping[str, Any]) -> list[str]:
    """Where the provider lives (issuer and metadata), for the CSP; none when SSO is off."""
    if not _configured(config):
        return []
    urls = (config.get("OIDC_ISSUER"), config.get("OIDC_DISCOVERY_URL"))
    parts = [urlsplit(str(url)) for url in urls if url]
    return sorted({f"{p.scheme}://{p.netloc}" for p in parts if p.scheme in ("http", "https")})


def _discovery_url(config: Mapping[str, Any]) -> str:
    if config.get("OIDC_DISCOVERY_URL"):
        return str(config["OIDC_DISCOVERY_URL"])
    return str(config["OIDC_ISSUER"]).rstrip("/") + "/.well-known/openid-configuration"


def enabled() -> bool:
    return EXTENSION in current_app.extensions


def client() -> Any:
    """The registered provider (an Authlib FlaskOAuth2App)."""
    return current_app.extensions[EXTENSION].create_client(NAME)


# The provider's ID token for this sign-in, in the server-side session (never the cookie).
ID_TOKEN = "sso_id_token"  # noqa: S105  (a session key, not a secret)


def remember_provider_session(id_token: str) -> None:
    """Signing out here then signs the person out of the council's provider too, so the
    next person at a shared desk is not signed straight back in as them."""
    if id_token:
        session[ID_TOKEN] = id_token


def provider_sign_out(id_token: str | None) -> str | None:
    """Where to send a person who signed in through the provider, once signed out here."""
    if not id_token or not enabled():
        return None
    return end_session_url(id_token, external_url("auth.sign_in"))


def end_session_url(id_token: str, back_to: str) -> str | None:
    """The provider's sign-out (OpenID Connect RP-initiated logout), so signing out here
    signs the person out of the council's provider too; None if it offers none or is down."""
    try:
        metadata = client().load_server_metadata()
    except RequestException:
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    query = {
        "id_token_hint": id_token,
        "post_logout_redirect_uri": back_to,
        "client_id": current_app.config["OIDC_CLIENT_ID"],
    }
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(query)}"


def provider_name() -> str:
    return str(current_app.config["OIDC_PROVIDER_NAME"])


def password_sign_in() -> bool:
    """Whether the email and password form is offered (always, without single sign-on)."""
    return not enabled() or bool(current_app.config["OIDC_PASSWORD_SIGN_IN"])


@dataclass(frozen=True)
class Outcome:
    """Who the provider's claims are here: a worker to sign in, or why not (a reason code)."""

    worker: Worker | None
    refused: str = ""
    email: str = ""


def worker_for(claims: Mapping[str, Any]) -> Outcome:
    """The existing, active account with the provider's email, or a refusal.

    Safeguarding: nobody gets an account by signing in. A council's directory holds every
    member of staff (and often contractors and guests), but only those an admin added here,
    with a team and a role, may see children's records; a switched-off account stays off
    whatever the provider says, so switching off here works even if the council's own
    leaver process is late."""
    email = claims.get(current_app.config["OIDC_EMAIL_CLAIM"])
    if not isinstance(email, str) or "@" not in email:
        return Outcome(None, "no_email")
    # A provider that says it has not checked the address is not trusted to name an account.
    if claims.get("email_verified") is False:
        return Outcome(None, "unverified", email)
    worker = db.session.scalar(select(Worker).where(func.lower(Worker.email) == email.lower()))
    if worker is None:
        return Outcome(None, "unknown", email)
    if not worker.active:
        return Outcome(None, "switched_off", email)
    return Outcome(worker, email=email)


def role_from_claims(claims: Mapping[str, Any]) -> Role | None:
    """The role the council's directory gives, from OIDC_ROLE_MAP's first value present in
    the role claim; None when none is, so the role the admin set stands."""
    claim = current_app.config["OIDC_ROLE_CLAIM"]
    values = claims.get(claim)
    names = claims.get("_claim_names")
    if values is None and isinstance(names, Mapping) and claim in names:
        # Entra ID's "groups overage": someone in more than 200 groups gets a pointer to
        # Microsoft Graph instead of the list. The role set here stands (never a guess);
        # app roles (the `roles` claim) have no such limit.
        current_app.logger.warning(
            "single sign-on: the provider left out the %r claim (too many groups); the role "
            "set here stands. Map app roles (the roles claim) instead of groups.",
            claim,
        )
        return None
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list):
        return None
    present = {str(v) for v in values}
    for value, role in (current_app.config.get("OIDC_ROLE_MAP") or {}).items():
        if value in present:
            return Role(role)
    return None


def apply_role(worker: Worker, claims: Mapping[str, Any]) -> None:
    """The directory's role replaces the one set here (the caller commits): moving someone's
    group at the council moves what they see here at their next sign-in."""
    role = role_from_claims(claims)
    if role is not None and role != worker.role:
        current_app.logger.info(
            "single sign-on: worker %s role %s -> %s from the provider's claims",
            worker.id,
            worker.role.value,
            role.value,
        )
        worker.role = role
