"""Each delivery is acted on once: Slack retries an event it thinks we missed (X-Slack-Retry-Num),
and anyone who captured a signed slash command can send it again within the five minutes its
signature stays fresh. Events are known by their event id, slash commands by their trigger id
(Slack draws a new one for every command typed)."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltResponse

from bot.slack import first_delivery


def _delivery_key(body: dict[str, Any]) -> str | None:
    if body.get("type") == "event_callback" and body.get("event_id"):
        return f"event:{body['event_id']}"
    if body.get("command") and body.get("trigger_id"):
        return f"command:{body['trigger_id']}"
    return None


def _once_per_delivery(body: dict[str, Any], next: Callable[[], BoltResponse]) -> BoltResponse | None:  # noqa: A002
    key = _delivery_key(body)
    if key and not first_delivery(key):
        return BoltResponse(status=200, body="")  # already acted on: an empty acknowledgement
    return next()


def register(app: App) -> None:
    app.middleware(_once_per_delivery)
