"""The web shell shared by every package's pages: templates, CSRF, flash messages."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, status
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader

from consult.clock import LONDON
from consult.profiles import active_profile

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / pkg / "templates" for pkg in ("consult", "booking", "faq", "bot")] + [
    ROOT / "consult" / sub / "templates"
    for sub in ("consultations", "readiness", "referrals", "reporting", "auth", "workforce", "privacy", "telephony")
]

templates = Jinja2Templates(directory=str(ROOT / "consult" / "templates"))
templates.env.loader = ChoiceLoader([FileSystemLoader(str(d)) for d in TEMPLATE_DIRS if d.exists()])


def _local(value: datetime | None, fmt: str = "%a %-d %b %Y, %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(LONDON).strftime(fmt)


def _day(value: date | datetime | None, fmt: str = "%A %-d %B %Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(LONDON)
    return value.strftime(fmt)


templates.env.filters["local"] = _local
templates.env.filters["day"] = _day
templates.env.filters["time"] = lambda v: _local(v, "%H:%M")


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Dependency for every form POST: the hidden field must match the session's token."""
    form = await request.form()
    sent = form.get("csrf_token")
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            "This form has expired or did not come from this site. Go back, reload the page and try again.",
        )


def flash(request: Request, message: str, kind: str = "success") -> None:
    request.session.setdefault("flash", []).append({"message": message, "kind": kind})


def signed_in_user(request: Request):
    """The signed-in user for page chrome (navigation), looked up once per request."""
    if not hasattr(request.state, "user"):
        from consult.auth.models import User
        from consult.db import session_scope

        user_id = request.session.get("user_id")
        user = None
        if user_id:
            with session_scope() as db:
                user = db.get(User, user_id)
                if user is not None and not user.active:
                    user = None
        request.state.user = user
    return request.state.user


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200):

    ctx = {
        "request": request,
        "profile": active_profile(),
        "csrf_token": csrf_token(request),
        "current_user": signed_in_user(request),
        "flashes": request.session.pop("flash", []),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def not_found_page(request: Request, heading: str, message: str):
    """The 404 page for a record that does not exist (or that this person may not know exists)."""
    return render(request, "message.html", {"heading": heading, "message": message}, status_code=404)
