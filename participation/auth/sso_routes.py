"""Staff sign-in through the council's identity provider (participation/auth/sso.py)."""

from authlib.integrations.base_client import OAuthError
from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from joserfc.errors import JoseError
from requests import RequestException

from participation.auth import bp, sso
from participation.auth.routes import PENDING, _safe_next, _sign_in_limit
from participation.db_types import utcnow
from participation.extensions import db, limiter
from participation.identity.services import new_session_id, sign_in_worker
from participation.links import external_url
from participation.redirects import is_safe_path

NEXT = "sso_next"


@bp.record_once
def _init(state) -> None:
    sso.init_app(state.app)


@bp.context_processor
def _sign_in_choices() -> dict:
    """What the sign-in page offers: the council's button, the password form, or both."""
    return {
        "sso_name": sso.provider_name() if sso.enabled() else None,
        "password_sign_in": sso.password_sign_in(),
    }


@bp.before_request
def _password_only_when_allowed():
    # With single sign-on on, accounts are governed at the council: a password kept from
    # before is refused, so a leaver switched off there can't come back in here.
    posted = request.endpoint == "auth.sign_in" and request.method == "POST"
    if posted and not sso.password_sign_in():
        return _refused(_("Please sign in with %(council)s.", council=sso.provider_name()))
    return None


@bp.get("/sso/start")
@limiter.limit(_sign_in_limit)
def sso_start():
    """Off to the council's sign-in page; Authlib keeps state, nonce and the PKCE verifier
    in this browser's server-side session."""
    if not sso.enabled():
        abort(404)
    target = request.args.get("next")
    session[NEXT] = target if is_safe_path(target) else None
    try:
        return sso.client().authorize_redirect(external_url("auth.sso_callback"))
    except RequestException:
        return _not_answering()


@bp.get("/sso/callback")
@limiter.limit(_sign_in_limit)
def sso_callback():
    if not sso.enabled():
        abort(404)
    if request.args.get("error"):
        council = sso.provider_name()
        return _refused(
            _("The sign-in with %(council)s was cancelled or refused.", council=council)
        )
    try:
        token = sso.client().authorize_access_token()
    except RequestException:
        return _not_answering()
    except (OAuthError, JoseError) as error:
        # A reused, forged or stale answer (wrong state, nonce or signature; an expired
        # code): nobody is signed in, and the person is told to start again.
        current_app.logger.warning("single sign-on refused: %s", error)
        return _refused(_("That sign-in didn't work. Please start again."))
    claims = token.get("userinfo") or {}
    outcome = sso.worker_for(claims)
    worker = outcome.worker
    if worker is None:
        current_app.logger.warning(
            "single sign-on refused (%s): %s", outcome.refused, outcome.email
        )
        return _refused(_refusal(outcome))
    sso.apply_role(worker, claims)
    db.session.commit()
    target = session.pop(NEXT, None)
    # New session on sign-in: no fixation, and no child's session carried over.
    session.clear()
    id_token = token.get("id_token") or ""
    if worker.totp_secret:
        # Someone who turned two-step sign-in on here is still asked for the code.
        session[PENDING] = {"id": worker.id, "at": utcnow().timestamp(), sso.ID_TOKEN: id_token}
        new_session_id()
        return redirect(url_for(".second_step", next=target))
    sign_in_worker(worker)
    sso.remember_provider_session(id_token)
    return redirect(_safe_next(target))


def _refusal(outcome: sso.Outcome) -> str:
    if outcome.refused == "unknown":
        return _(
            "There is no staff account here for %(email)s. Ask your administrator to add you "
            "with the email address you use to sign in to %(council)s.",
            email=outcome.email,
            council=sso.provider_name(),
        )
    if outcome.refused == "switched_off":
        return _("Your account here is switched off. Ask your administrator if you need it again.")
    return _(
        "%(council)s didn't tell us a checked email address, so we can't tell which account "
        "is yours. Ask your administrator.",
        council=sso.provider_name(),
    )


def _refused(message: str):
    return render_template("auth/sso_refused.html", message=message), 403


def _not_answering():
    current_app.logger.exception("single sign-on: the provider is not answering")
    message = _(
        "%(council)s's sign-in isn't answering just now. Please try again in a few minutes.",
        council=sso.provider_name(),
    )
    return render_template("auth/sso_refused.html", message=message), 503
