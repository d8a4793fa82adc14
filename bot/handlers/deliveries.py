"""Slack retries an event it thinks we missed (X-Slack-Retry-Num); each event id is acted on once."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.slack import first_delivery


def _once_per_event(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if event_id and not first_delivery(f"event:{event_id}"):
        return BoltResponse(status=200, body="")
    return next()


def register(app: App) -> None:
    app.middleware(_once_per_event)
