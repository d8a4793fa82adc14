"""Run a request once more when the database connection it was using was lost midway.

`pool_pre_ping` replaces a dead connection before it is handed out, but a connection cut while
a request is using it (a database restart or failover, a proxy's idle cut) fails that request.
The server rolled its transaction back with the connection, so running the request again on a
fresh connection is safe: here the whole request is run once more, with the same body, if the
error is a disconnect (SQLAlchemy marks it `connection_invalidated`) and nothing has been sent.

Pure ASGI and innermost, so the retried request passes through the routes and dependencies
afresh (a new database session) while the session cookie, security headers and body limit
outside stay as they were. Only a second disconnect in a row reaches the error handler.
"""
from __future__ import annotations

import structlog
from sqlalchemy.exc import DBAPIError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger(__name__)


def is_disconnect(exc: BaseException) -> bool:
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class RetryOnDisconnectMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # The body is kept as it is read (the body limit outside bounds it) so a retry can have it again.
        received: list[Message] = []
        started = False

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received.append(message)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, recording_receive, tracking_send)
            return
        except Exception as exc:
            if started or not is_disconnect(exc):
                raise
        log.warning("database_connection_lost_retrying", path=scope.get("path", ""), method=scope.get("method", ""))
        replay = list(received)

        async def replaying_receive() -> Message:
            # What the first attempt read, then the real channel: the rest of the body, if it
            # stopped reading early, or the client's disconnect.
            return replay.pop(0) if replay else await receive()

        await self.app(scope, replaying_receive, send)
