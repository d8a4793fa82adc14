"""Small Slack plumbing every handler shares: DMs, the triage channel, once-only deliveries."""
from __future__ import annotations

from typing import Any

import structlog
from slack_sdk import WebClient
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from bot.models import SlackDelivery
from consult import clock
from consult.db import get_engine
from consult.settings import get_settings

log = structlog.get_logger(__name__)
_DELIVERY = insert(SlackDelivery)  # built once


def first_delivery(key: str) -> bool:
    """True the first time `key` is seen; False for Slack's retries of the same delivery.

    Committed on its own before any work starts, so a retry arriving while the first delivery
    is still being handled is recognised too. One INSERT statement, not the ORM's unit of work:
    this runs before every acknowledgement, where each millisecond counts."""
    try:
        # Committed by the statement itself (autocommit): on SQLite, with one writer at a time, a
        # transaction held open from the INSERT to a separate COMMIT (with the interpreter's lock to
        # win back in between) kept a burst's other commands in SQLite's sleeping retry loop (issue 23).
        with get_engine().connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                _DELIVERY, {"key": key[:200], "created_at": clock.now()})
    except IntegrityError:
        log.info("slack_retry_ignored", key=key[:60])
        return False
    return True


def dm(client: WebClient, slack_user_id: str, text: str, blocks: list[dict[str, Any]] | None = None,
       **extra: Any) -> dict[str, Any]:
    """Post in the app's direct-message conversation with one person."""
    response = client.chat_postMessage(channel=slack_user_id, text=text[:3000], blocks=blocks, **extra)
    return response.data if hasattr(response, "data") else dict(response)  # type: ignore[return-value]


def triage_channel() -> str | None:
    return get_settings().slack_triage_channel


def text_of(blocks_text: list[str]) -> str:
    """The notification text Slack shows where blocks cannot be (phone alerts, screen readers)."""
    return "\n".join(line for line in blocks_text if line)[:3000]
