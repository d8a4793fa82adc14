"""The one mapping from the error vocabulary to HTTP, for the JSON API and for pages alike.

JSON: `{"detail": ...}` with 404 / 403 / 409 / 422 (400 for a bare DomainError). Pages: the
message page with the same status, or, for a form, `form_errors(exc)` to show beside the fields.
A database integrity error that got past the domain's own checks (two requests inserting the same
row at the same moment) is a 409, and a value the database refuses is a 422: neither is a 500.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError, IntegrityError

from consult.core.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound, NotSignedIn, field_messages

log = structlog.get_logger(__name__)

# NotSignedIn before NotAllowed: it is a kind of it, and the first match wins.
STATUS: dict[type[DomainError], int] = {NotFound: 404, NotSignedIn: 401, NotAllowed: 403, Conflict: 409, Invalid: 422}
HEADING = {
    404: "Not found", 403: "You cannot do that", 409: "That cannot be done now",
    401: "Please sign in", 422: "Something was wrong with what you sent", 400: "Something was wrong with that request",
}
CONCURRENT_CHANGE = "Someone else changed this at the same moment, so nothing was saved. Look again and retry."
REFUSED_VALUE = "A value you sent cannot be stored (it is out of range or holds a character we do not accept)."


def status_for(exc: DomainError) -> int:
    for kind, code in STATUS.items():
        if isinstance(exc, kind):
            return code
    return 400


def error_json(exc: DomainError) -> JSONResponse:
    return JSONResponse({"detail": exc.detail}, status_code=status_for(exc))


def form_errors(exc: DomainError) -> dict[str, str]:
    """Messages by form field for a page that re-shows its form (see `field_messages`)."""
    return field_messages(exc)


def install(app: FastAPI, *, wants_json: Callable[[Request], bool],
            render_message: Callable[[Request, str, str, int], Response]) -> None:
    """Register the handlers; `render_message(request, heading, message, status)` draws a page."""

    def answer(request: Request, status: int, detail: Any, message: str) -> Response:
        if wants_json(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse({"detail": detail}, status_code=status, headers=headers)
        return render_message(request, HEADING.get(status, HEADING[400]), message, status)

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> Response:
        return answer(request, status_for(exc), exc.detail, exc.message)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        # Only the type is logged: the database's message may quote the row.
        log.info("integrity_conflict", path=request.url.path, error_type=type(exc.orig).__name__)
        return answer(request, 409, CONCURRENT_CHANGE, CONCURRENT_CHANGE)

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        log.warning("value_refused_by_database", path=request.url.path, error_type=type(exc.orig).__name__)
        return answer(request, 422, REFUSED_VALUE, REFUSED_VALUE)
