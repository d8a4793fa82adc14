"""HTTP mode: Slack's events, slash commands and interactivity all arrive at POST /slack/events."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.concurrency import run_in_threadpool

from bot.app import build_app
from bot.errors import MALFORMED, NOT_UNDERSTOOD
from consult.settings import get_settings


def mount_slack(app: FastAPI) -> None:
    bolt = build_app(get_settings())

    @app.post("/slack/events", include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = await request.body()  # at most SLACK_MAX_BODY_BYTES (consult/bodylimit.py)
        # The signature check would raise on a timestamp that is not a number: refuse it first.
        stamp = request.headers.get("x-slack-request-timestamp", "")
        if not (stamp.isascii() and stamp.isdigit() and len(stamp) <= 12):
            return JSONResponse({"detail": "X-Slack-Request-Timestamp must be a Unix time in seconds."}, status_code=401)
        # bolt's own adapter parses and dispatches on the event loop; in a thread, parsing the
        # body, checking its signature and the listeners keep every other request moving. A
        # signed body may still be garbage, and bolt reads it for its context before any error
        # handler runs: either way a 400, not a 500.
        try:
            response = await run_in_threadpool(lambda: bolt.dispatch(to_bolt_request(request, body)))
        except MALFORMED:
            return JSONResponse({"detail": NOT_UNDERSTOOD}, status_code=400)
        return to_starlette_response(response)

    app.state.slack_app = bolt
