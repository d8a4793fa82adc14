"""The web shell shared by every package's pages: templates, CSRF, flash messages."""
from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Hashable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from starlette.datastructures import FormData

from consult import clock, formatting
from consult.profiles import active_profile

if TYPE_CHECKING:
    from consult.auth.models import User

ROOT = Path(__file__).resolve().parent.parent
SHELL_TEMPLATES = ROOT / "consult" / "templates"  # base.html, message.html, forms.html: every page's shell

templates = Jinja2Templates(directory=str(SHELL_TEMPLATES))
# Compiled once: without this Jinja checks every template file's modification time on every render.
templates.env.auto_reload = False


def use_template_dirs(dirs: list[Path]) -> None:
    """Look templates up in the shell, then in each domain's folder (their contracts' `templates`)."""
    ordered = [SHELL_TEMPLATES, *(d for d in dirs if d != SHELL_TEMPLATES)]
    templates.env.loader = ChoiceLoader([FileSystemLoader(str(d)) for d in ordered])


def template_dirs() -> list[Path]:
    loader = templates.env.loader
    return [Path(p) for sub in getattr(loader, "loaders", [loader]) for p in getattr(sub, "searchpath", [])]


# The date filters are pure and pages repeat the same instants (every slot of the week), so
# their words are kept rather than formatted again on every render (keyed on today too, as a date
# in another year reads with its year).
@lru_cache(maxsize=8192)
def _local_words(value: datetime | str | None, today: date) -> str:
    return formatting.date_time(value, today=today)


def _local(value: datetime | str | None) -> str:
    """"Tue 1 Dec 14:00" (the year added when it is not this year)."""
    return _local_words(value, clock.today_local())


@lru_cache(maxsize=8192)
def _day(value: date | datetime | str | None) -> str:
    """"1 December 2026"."""
    return formatting.long_date(value)


# The one set of date filters every template uses (consult/formatting.py says how each reads).
templates.env.filters["local"] = _local
templates.env.filters["day"] = _day
templates.env.filters["weekday"] = formatting.weekday_date
templates.env.filters["short_day"] = formatting.short_date
templates.env.filters["day_month"] = formatting.day_and_month
templates.env.filters["time"] = formatting.clock_time
templates.env.filters["spoken"] = lambda v: formatting.spoken(v, today=clock.today_local())
templates.env.filters["month_year"] = formatting.month_year
templates.env.filters["working_time"] = lambda hours: formatting.working_duration(
    hours, day_hours=active_profile().office_hours.hours_per_day)
# A message's first letter upper case and nothing else changed ("NHS" stays "NHS"), unlike Jinja's capitalize.
templates.env.filters["sentence"] = lambda v: str(v)[:1].upper() + str(v)[1:]


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


async def read_form(request: Request) -> FormData:
    """The submitted form, read on the event loop (reading is waiting, not work), so that the
    handler itself can be a plain `def`: FastAPI runs those in its threadpool, and their database
    work and page rendering never hold up the loop every other request is waiting on."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def flash(request: Request, message: str, kind: str = "success") -> None:
    request.session.setdefault("flash", []).append({"message": message, "kind": kind})


def signed_in_user(request: Request) -> User | None:
    """The signed-in user for page chrome (navigation), looked up once per request."""
    if not hasattr(request.state, "user"):
        from consult.auth import sessions
        from consult.auth.models import User
        from consult.db import session_scope

        user = None
        if request.session.get(sessions.SESSION_KEY):
            with session_scope() as db:
                user_id = sessions.user_id_for(db=db, session_data=request.session)
                user = db.get(User, user_id) if user_id else None
                if user is not None and not user.active:
                    user = None
        request.state.user = user
    known: User | None = request.state.user
    return known


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> HTMLResponse:

    ctx = {
        "request": request,
        "profile": active_profile(),
        "csrf_token": csrf_token(request),
        "current_user": signed_in_user(request),
        "flashes": request.session.pop("flash", []),
    }
    ctx.update(context or {})
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


async def render_on_loop(request: Request, name: str, context: dict[str, Any] | None = None,
                         status_code: int = 200) -> HTMLResponse:
    """`render` for an async route: on the event loop when the page needs no database (nobody is
    signed in, so the navigation reads no user), saving a trip through the threadpool (issue 23);
    in the threadpool otherwise, as the user is read from the database."""
    from consult.auth import sessions

    if request.session.get(sessions.SESSION_KEY) and not hasattr(request.state, "user"):
        return await run_in_threadpool(render, request, name, context, status_code)
    return render(request, name, context, status_code)


# Rendered public pages, kept by what they were rendered from (see render_kept).
_KEPT_PAGES: OrderedDict[Hashable, tuple[object, tuple[str, ...]]] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_PAGES = 64


def render_kept(request: Request, name: str, context: dict[str, Any], key: Hashable,
                status_code: int = 200) -> HTMLResponse:
    """`render`, with the page kept for visitors who are not signed in and have no message waiting.

    For such a visitor a page is a pure function of its template, the profile and what `key` stands
    for (the caller's promise: every value of `context` the template reads), apart from the CSRF
    token, which is put back into the kept text on each request. The session gets its token as
    `render` gives it, so the response's cookie and headers are the same; only Jinja's work is saved
    (a third to a half of a busy public page's time, issue 23). A signed-in visitor, or one with a
    flash message to show, gets `render` itself.
    """
    token = csrf_token(request)
    if signed_in_user(request) is not None or request.session.get("flash"):
        return render(request, name, context, status_code)
    profile = active_profile()
    full_key = (name, status_code, id(profile), key)
    with _KEPT_LOCK:
        kept = _KEPT_PAGES.get(full_key)
        if kept is not None:
            _KEPT_PAGES.move_to_end(full_key)
    if kept is None or kept[0] is not profile:  # kept with its profile: an id can be reused
        response = render(request, name, context, status_code)
        body = bytes(response.body).decode("utf-8")
        with _KEPT_LOCK:
            _KEPT_PAGES[full_key] = (profile, tuple(body.split(token)))
            while len(_KEPT_PAGES) > KEPT_PAGES:
                _KEPT_PAGES.popitem(last=False)
        return response
    request.session.pop("flash", None)  # as render does (an empty list, when it was there)
    return HTMLResponse(token.join(kept[1]), status_code=status_code)


def not_found_page(request: Request, heading: str, message: str) -> HTMLResponse:
    """The 404 page for a record that does not exist (or that this person may not know exists)."""
    return render(request, "message.html", {"heading": heading, "message": message, "onward": True}, status_code=404)
