"""Web sign-in and sign-out."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from consult.auth import sessions
from consult.auth.service import authenticate, find_user_by_email
from consult.deps import SessionDep
from consult.privacy.audit import Action, record_event
from consult.ratelimit import rate_limit
from consult.settings import get_settings
from consult.web import render, verify_csrf

router = APIRouter(include_in_schema=False)


def _safe_next(next_path: str | None) -> str:
    # Only same-site paths: an open redirect would let a phishing link borrow our sign-in page.
    if next_path and next_path.startswith("/") and not next_path.startswith("//"):
        return next_path
    return "/"


def _sso_name() -> str | None:
    settings = get_settings()
    return settings.oidc_provider_name if settings.sso_enabled else None


@router.get("/signin")
def signin_page(request: Request, next: str = "/") -> HTMLResponse:
    return render(request, "signin.html", {"next": _safe_next(next), "sso_name": _sso_name()})


@router.post("/signin", dependencies=[Depends(verify_csrf), Depends(rate_limit("signin", "10/minute"))])
def signin(
    request: Request,
    db: SessionDep,
    email: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=500)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    user = authenticate(db=db, email=email, password=password)
    if user is None:
        target = find_user_by_email(db=db, email=email)
        if target is not None:  # attempts on real accounts are evidence worth keeping
            record_event(db=db, actor="unauthenticated", action=Action.sign_in, record=f"user:{target.id}", detail="failed web sign-in")
        db.commit()  # keep the failed-attempt count even though we answer with an error
        return render(
            request,
            "signin.html",
            {"error": "That email and password did not match an active account, or the account is locked for 15 minutes after repeated failures.", "email": email, "next": _safe_next(next), "sso_name": _sso_name()},  # noqa: E501
            status_code=401,
        )
    record_event(db=db, actor=user, action=Action.sign_in, record=f"user:{user.id}", detail="web sign-in")
    sessions.start(db=db, user_id=user.id, session_data=request.session)
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/signout", dependencies=[Depends(verify_csrf)])
def signout(request: Request, db: SessionDep) -> RedirectResponse:
    # The session's row is revoked, not only the cookie emptied: a copy of the cookie stops working too.
    sessions.end(db=db, session_data=request.session)
    return RedirectResponse("/", status_code=303)
