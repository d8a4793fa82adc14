"""Security headers on every response (pure ASGI, so it costs almost nothing per request)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
STATIC_PATH = "/static/"


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        https = scope.get("scheme") == "https" or _forwarded_https(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                extra = {
                    # /docs sets its own (consult/apidocs.py); a header already present is kept.
                    b"content-security-policy": CSP.encode(),
                    b"x-content-type-options": b"nosniff",
                    b"x-frame-options": b"DENY",
                    b"referrer-policy": b"same-origin",
                    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
                }
                if not path.startswith(STATIC_PATH):
                    # No page or API answer is kept by a browser or proxy: any of them may show a
                    # signed-in person's data (a request, a clinic list, a referral) or a signed link's.
                    # Only the static assets, which hold nothing about anyone, may be cached.
                    extra[b"cache-control"] = b"no-store"
                if https:
                    extra[b"strict-transport-security"] = b"max-age=31536000; includeSubDomains"
                headers += [(k, v) for k, v in extra.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _forwarded_https(scope: Scope) -> bool:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"x-forwarded-proto":
            return value.split(b",")[0].strip() == b"https"
    return False


class ContainErrorsMiddleware:
    """Answer an unhandled error here instead of letting it reach the server.

    Starlette re-raises after its 500 handler so the server can log the traceback; that
    traceback quotes the exception's message, which may hold a family's details. Here the
    app's own handler answers (a plain page or JSON, no stack trace) and logs only the error's
    type, and nothing is re-raised.
    """

    def __init__(self, app: ASGIApp, handler: Callable[[Request, Exception], Awaitable[Response]]) -> None:
        self.app = app
        self.handler = handler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            response = await self.handler(Request(scope, receive), exc)
            if not started:  # a half-sent response can only be cut short
                await response(scope, receive, send)
