"""The FastAPI factory: the composition root that mounts every package's router."""
from __future__ import annotations

import importlib
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.sessions import SessionMiddleware

from consult.deps import PageForbidden, SignInRequired
from consult.logs import configure_logging
from consult.profiles import active_profile
from consult.security import ContainErrorsMiddleware, SecurityHeadersMiddleware
from consult.settings import get_settings
from consult.web import ROOT, render

log = structlog.get_logger(__name__)

# Each module exposes `router`; order matters only where paths overlap.
ROUTER_MODULES = [
    "consult.core.routes",
    "consult.auth.routes",
    "consult.auth.sso",
    "booking.routes",
    "booking.pages",
    "consult.readiness.routes",
    "consult.readiness.pages",
    "consult.referrals.routes",
    "consult.referrals.pages",
    "consult.workforce.routes",
    "consult.workforce.pages",
    "consult.workforce.manage_pages",
    "consult.consultations.routes",
    "consult.consultations.pages",
    "consult.consultations.rota_pages",
    "consult.privacy.routes",
    "consult.reporting.routes",
    "consult.reporting.pages",
    "consult.telephony.webhooks",
    "consult.telephony.routes",
    "consult.telephony.pages",
    "faq.routes",
    "faq.pages",
]
# Each module exposes `startup()`, run once when the app starts (e.g. building the FAQ index).
STARTUP_HOOKS: list[str] = ["faq.service"]


def _wants_json(request: Request) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/slack/", "/healthz")):
        return True
    return "text/html" not in request.headers.get("accept", "")


@asynccontextmanager
async def _lifespan(app: FastAPI):
    for name in STARTUP_HOOKS:
        importlib.import_module(name).startup()
    yield


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings)
    profile = active_profile()  # an invalid profile stops start-up here, naming the bad field
    app = FastAPI(
        title="PIMH Consult",
        version="0.1.0",
        description=f"Digital front door of the {profile.service_name}.",
        lifespan=_lifespan,
    )
    # Innermost, so error pages still have the session and the security headers.
    app.add_middleware(ContainErrorsMiddleware, handler=lambda request, exc: app.exception_handlers[Exception](request, exc))
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="pimh_session",
        same_site="lax",
        https_only=settings.base_url.startswith("https://"),
        max_age=8 * 3600,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    for package in ("consult", "booking", "faq", "bot"):
        static = ROOT / package / "static"
        if static.exists():
            app.mount(f"/static/{package}" if package != "consult" else "/static", StaticFiles(directory=static), name=f"static-{package}")
    for name in ROUTER_MODULES:
        app.include_router(importlib.import_module(name).router)
    if settings.slack_http_enabled:
        from bot.http import mount_slack  # only the composition root knows the bot

        mount_slack(app)
    _install_error_handlers(app)
    return app


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired):
        from urllib.parse import quote

        return RedirectResponse(f"/signin?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(PageForbidden)
    async def _forbidden(request: Request, exc: PageForbidden):
        return render(
            request,
            "message.html",
            {"heading": "You do not have access to this page", "message": f"This page needs the {exc.role.value} role."},
            status_code=403,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        heading = {404: "Page not found", 400: "Something was wrong with that request", 429: "Too many requests"}.get(
            exc.status_code, "Sorry, that did not work"
        )
        return render(request, "message.html", {"heading": heading, "message": exc.detail}, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        # Echo where and why, never the submitted values: they may hold a family's details.
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.error("unhandled_error", path=request.url.path, error_type=type(exc).__name__)
        detail = "Something went wrong on our side. Nothing you sent has been lost; please try again."
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=500)
        return render(request, "message.html", {"heading": "Sorry, something went wrong", "message": detail}, status_code=500)



def app_factory() -> FastAPI:
    """Entry point for production servers: `uvicorn --factory consult.app:app_factory`."""
    return create_app()
