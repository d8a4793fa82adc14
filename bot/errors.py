"""The one mapping from the error vocabulary (`consult.core.errors`) to Slack's words.

Handlers that expect a refusal use `reply_text` (an ephemeral reply) or `modal_errors` (the
sentence beside the modal's field); anything a listener lets escape reaches `install`'s global
handler: a refusal becomes a short reply, and a body bolt or a listener cannot read (validly
signed, but not what Slack sends) a 400 rather than bolt's 500.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltResponse
from sqlalchemy.exc import DataError

from consult.core.errors import DomainError, Invalid

log = logging.getLogger("bot")
MODAL_ERROR_LENGTH = 150  # Slack shows at most this much beside a field
# What a listener raises when a signed body lacks what Slack always sends.
MALFORMED = (KeyError, IndexError, TypeError, AttributeError, ValueError, json.JSONDecodeError)
NOT_UNDERSTOOD = "This request is not one Slack sends; nothing was done."


def reply_text(exc: DomainError) -> str:
    """The sentence to show the person, as every transport shows it."""
    return str(exc)


def modal_errors(exc: DomainError, *, blocks: tuple[str, ...], default: str,
                 invalid_default: str | None = None) -> dict[str, str]:
    """`response_action: errors` for a modal. Bad input: its sentence beside the named field when
    the modal has that block, else beside `invalid_default`; any other refusal beside `default`."""
    if isinstance(exc, Invalid):
        block = exc.field if exc.field in blocks else (invalid_default or default)
        return {block: exc.message[:MODAL_ERROR_LENGTH]}
    return {default: str(exc)[:MODAL_ERROR_LENGTH]}


def _on_error(error: Exception, body: dict[str, Any] | None = None) -> BoltResponse | None:
    if isinstance(error, DomainError):
        return BoltResponse(status=200, body=reply_text(error))
    if isinstance(error, (*MALFORMED, DataError)):  # DataError: a value the database refuses (a NUL byte)
        log.warning("slack_request_not_understood error_type=%s", type(error).__name__)
        return BoltResponse(status=400, body=NOT_UNDERSTOOD)
    return None  # anything else is ours: bolt's 500, logged as such


def install(app: App) -> None:
    app.error(_on_error)
