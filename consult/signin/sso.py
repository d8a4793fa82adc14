"""Optional single sign-on with OpenID Connect (Microsoft Entra ID, Slack, any compliant issuer).

Beside local accounts, not instead of them: a verified email from the identity provider signs in
the EXISTING active account with that email. Nobody gets an account just by having a login at the
provider. Off unless OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set.

authlib does the protocol: discovery, state and nonce kept in the signed session cookie, the code
exchange, and the ID token's signature (the provider's published keys), issuer, audience, expiry
and nonce.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import structlog
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from consult.auth import sessions
from consult.auth.models import User
from consult.auth.service import find_user_by_email
from consult.deps import SessionDep
from consult.privacy.audit import Action, record_event
from consult.settings import Settings, get_settings
from consult.signin.routes import _safe_next
from consult.web import render

log = structlog.get_logger(__name__)
router = APIRouter(include_in_schema=False)
CALLBACK_PATH = "/signin/sso/callback"


class SsoRefused(Exception):
    """The provider vouched for someone we cannot sign in; the message is safe to show."""


def user_for_claims(*, db: Session, claims: Mapping[str, Any]) -> User:
    """The active local account for a verified ID token's email, or SsoRefused."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise SsoRefused("Your organisation's account did not share an email address, so we cannot tell who you are.")
    if claims.get("email_verified") is False:
        raise SsoRefused("Your organisation has not verified that email address, so it cannot be used to sign in.")
    user = find_user_by_email(db=db, email=email)
    if user is None or not user.active:
        raise SsoRefused(
            "There is no active PIMH Consult account for that email address. Ask your service manager to add you, "
            "then sign in again."
        )
    return user


@lru_cache(maxsize=4)
def _client(issuer: str, client_id: str, client_secret: str) -> Any:  # authlib's client: the library has no type hints
    from authlib.integrations.starlette_client import OAuth

    oauth = OAuth()
    return oauth.register(
        name="oidc",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": "openid email profile", "timeout": 10},
    )


def _configured() -> tuple[Settings, Any]:
    settings = get_settings()
    if not settings.sso_enabled:
        raise HTTPException(404, "Single sign-on is not set up for this service.")
    return settings, _client(settings.oidc_issuer, settings.oidc_client_id, settings.oidc_client_secret)


@router.get("/signin/sso")
async def sso_start(request: Request, next: str = "/") -> Response:
    settings, client = _configured()
    request.session["sso_next"] = _safe_next(next)
    try:
        redirect: Response = await client.authorize_redirect(request, settings.base_url.rstrip("/") + CALLBACK_PATH)
        return redirect
    except Exception as exc:  # the provider is unreachable or misconfigured: say so, never a 500
        log.warning("sso_provider_unavailable", error_type=type(exc).__name__)
        return _refused(request, "We could not reach the sign-in provider. Sign in with your password instead, or try again later.", 502)


@router.get(CALLBACK_PATH)
async def sso_callback(request: Request, db: SessionDep) -> Response:
    _settings, client = _configured()
    try:
        token = await client.authorize_access_token(request)
    except Exception as exc:  # bad state, signature, nonce, expiry or audience: all mean "not signed in"
        log.warning("sso_rejected", error_type=type(exc).__name__)
        return _refused(request, "Single sign-on did not complete, so you have not been signed in. Please try again.", 400)
    # The provider's answer needed the network (awaited above); the rest is database work.
    return await run_in_threadpool(_signed_in, request, db, token.get("userinfo") or {})


def _signed_in(request: Request, db: Session, claims: Mapping[str, Any]) -> Response:
    try:
        user = user_for_claims(db=db, claims=claims)
    except SsoRefused as exc:
        log.info("sso_no_account")
        return _refused(request, str(exc), 403)
    record_event(db=db, actor=user, action=Action.sign_in, record=f"user:{user.id}", detail="single sign-on")
    next_path = request.session.get("sso_next", "/")
    sessions.start(db=db, user_id=user.id, session_data=request.session)
    return RedirectResponse(_safe_next(next_path), status_code=303)


def _refused(request: Request, message: str, status_code: int) -> HTMLResponse:
    return render(request, "message.html", {"heading": "You are not signed in", "message": message}, status_code=status_code)
