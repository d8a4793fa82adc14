"""The FastAPI factory: the composition root that mounts every domain contract's routers."""
from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http import HTTPStatus

import structlog
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from consult.apidocs import mount_docs
from consult.auth.sessions import LIFETIME as SESSION_LIFETIME
from consult.bodylimit import BodyLimitMiddleware
from consult.boot import collector_paused
from consult.contract import Composition, DomainContract, compose, install
from consult.core import http_errors
from consult.core.edge import refuse_nul_bytes
from consult.dbretry import RetryOnDisconnectMiddleware
from consult.deps import PageForbidden, SignInRequired
from consult.logs import configure_logging
from consult.profiles import active_profile
from consult.security import ContainErrorsMiddleware, SecurityHeadersMiddleware
from consult.settings import get_settings
from consult.web import ROOT, render, use_template_dirs

log = structlog.get_logger(__name__)

def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/slack/", "/healthz")):
        return True
    return "text/html" not in request.headers.get("accept", "")


# Starlette's own words ("Not Found") are a status line, not an explanation; a route's own detail is kept.
PLAIN_MESSAGES = {
    404: "There is no page at this address. If you typed it, check it; if a link brought you here, the page "
         "may have moved or the link may be out of date.",
    405: "This page cannot be used that way. Go back to the page you came from and try again.",
}


def _plain_message(exc: StarletteHTTPException) -> str:
    if exc.status_code in PLAIN_MESSAGES and exc.detail == HTTPStatus(exc.status_code).phrase:
        return PLAIN_MESSAGES[exc.status_code]
    return str(exc.detail)


def _lifespan(composition: Composition) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # A hook may return a function to call at shutdown: background work it started must end
        # with the app, never outlive it to touch a database or settings that have since changed.
        stops = [stop for hook in composition.startup if callable(stop := hook())]
        try:
            yield
        finally:
            for stop in reversed(stops):
                stop()

    return lifespan


def create_app(contracts: Iterable[DomainContract] | None = None) -> FastAPI:
    """The web app over the installed composition (consult/domains.py), or over `contracts`,
    which are checked and installed first (a wrong contribution raises ContractError here)."""
    from consult.domains import COMPOSITION  # here, not at the top: app_factory imports it with the collector paused

    composition = COMPOSITION if contracts is None else install(compose(contracts))
    use_template_dirs(composition.templates)
    settings = get_settings()
    configure_logging(settings)
    profile = active_profile()  # an invalid profile stops start-up here, naming the bad field
    app = FastAPI(
        title="PIMH Consult",
        version="0.1.0",
        description=f"Digital front door of the {profile.service_name}.",
        lifespan=_lifespan(composition),
        dependencies=[Depends(refuse_nul_bytes)],  # a NUL byte anywhere is a 422, before any route runs
        docs_url=None,  # served by consult.apidocs with a policy that lets Swagger UI run
        redoc_url=None,
    )
    # Innermost of all: a request whose database connection was cut midway runs once more.
    app.add_middleware(RetryOnDisconnectMiddleware)
    # Next, so error pages still have the session and the security headers.
    async def answer_unhandled(request: Request, exc: Exception) -> Response:
        # Looked up when an error happens: the handler for Exception is installed further down.
        answer = app.exception_handlers[Exception](request, exc)
        return await answer if inspect.isawaitable(answer) else answer

    app.add_middleware(ContainErrorsMiddleware, handler=answer_unhandled)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,  # type: ignore[arg-type]
        session_cookie="pimh_session",
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
        max_age=int(SESSION_LIFETIME.total_seconds()),  # the server-side row expires at the same time
    )
    # Outside the session and every route, so an oversized body is refused before anything reads it.
    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes,
                       by_prefix={"/slack/": settings.slack_max_body_bytes})
    app.add_middleware(SecurityHeadersMiddleware)
    for package in ("consult", "booking", "faq", "bot"):
        static = ROOT / package / "static"
        if static.exists():
            app.mount(f"/static/{package}" if package != "consult" else "/static", StaticFiles(directory=static), name=f"static-{package}")
    if settings.slack_http_enabled:
        from bot.http import mount_slack  # only the composition root knows the bot

        # First in the route table: Slack's 3 seconds should not wait while every page's route is tried.
        mount_slack(app)
    if composition.first:
        # The hot public routes, before every router; left out of the schema, where each is
        # already documented by its own router (consult/domains.py, FIRST).
        first = APIRouter()
        first.routes.extend(composition.first_routes)
        app.include_router(first, include_in_schema=False)
    for router in composition.routers:
        app.include_router(router)
    mount_docs(app)
    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    # The error vocabulary (not found, not allowed, conflict, invalid) and integrity conflicts, once.
    http_errors.install(app, wants_json=_wants_json, render_message=lambda request, heading, message, status: render(
        request, "message.html", {"heading": heading, "message": message, "onward": True}, status_code=status))

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> RedirectResponse:
        from urllib.parse import quote

        return RedirectResponse(f"/signin?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden) -> HTMLResponse:
        return render(
            request,
            "message.html",
            {"heading": "You do not have access to this page", "message": f"This page needs the {exc.role.value} role.",
             "onward": True},
            status_code=403,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        heading = {404: "Page not found", 400: "Something was wrong with that request", 429: "Too many requests"}.get(
            exc.status_code, "Sorry, that did not work"
        )
        return render(request, "message.html", {"heading": heading, "message": _plain_message(exc), "onward": True},
                      status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        # Echo where and why, never the submitted values: they may hold a family's details.
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        if not _wants_json(request):  # a browser: a page naming the fields, not a JSON body
            fields = ", ".join(sorted({str(e["loc"][-1]) for e in errors if e["loc"]})) or "the request"
            return render(request, "message.html", {"heading": "Something was wrong with what you sent",
                                                    "message": f"Please check {fields} and try again.",
                                                    "onward": True}, status_code=422)
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled_error", path=request.url.path, error_type=type(exc).__name__)
        detail = "Something went wrong on our side. Nothing you sent has been lost; please try again."
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=500)
        return render(request, "message.html", {"heading": "Sorry, something went wrong", "message": detail, "onward": True},
                      status_code=500)



def app_factory() -> FastAPI:
    """Entry point for production servers: `uvicorn --factory consult.app:app_factory`."""
    with collector_paused():
        return create_app()
