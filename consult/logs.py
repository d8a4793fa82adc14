"""Structured logging; JSON in production. Never pass a family's details to a logger."""
from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any

import structlog

from consult.settings import Settings


class CurrentStderr:
    """Writes to whatever sys.stderr is at the time of writing, not at configuration time:
    test runners and daemonising servers swap it, and a logger holding a closed stream raises."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


STDERR = CurrentStderr()


def configure_logging(settings: Settings) -> None:
    renderer = structlog.processors.JSONRenderer() if settings.json_logs else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            _redact_event,  # before the timestamp, which would look like a date
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(file=STDERR),  # type: ignore[arg-type]
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.INFO, stream=STDERR, format="%(levelname)s %(name)s %(message)s")
    quieten_debug_loggers()
    # Libraries log through the standard library; their messages and tracebacks are redacted too.
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    # On the loggers themselves too, so every handler (a test's capture included) sees the
    # redacted, shortened line. "bot" is the bolt app's logger (bot/app.py).
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "apscheduler", "gunicorn.error",
                 "bot", "slack_bolt", "slack_sdk"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


def quieten_debug_loggers() -> None:
    """A library that sets its own logger to DEBUG (bm25s does, at import) would print a line for
    every index it builds: such loggers are raised to INFO, as the root logger is. Called again
    by whoever imports such a library after start-up (faq.service, on building its index)."""
    for logger in list(logging.root.manager.loggerDict.values()):
        if isinstance(logger, logging.Logger) and logger.level == logging.DEBUG:
            logger.setLevel(logging.INFO)


# A log line carries at most this many characters of any one text. A library that logs a whole
# request body (slack-bolt does, for a request with a bad signature) would otherwise have it all
# redacted and written: work and log volume an unsigned stranger could choose.
LOG_TEXT_LIMIT = 2000


def _for_log(text: str, limit: int = LOG_TEXT_LIMIT) -> str:
    """`text` cut to LOG_TEXT_LIMIT characters (saying how many were left out), then redacted.

    The cut goes back to the last space before the limit, and past any digits just before it, so
    an identifier cut in half (which the patterns would no longer recognise) is dropped rather
    than half logged."""
    from consult.privacy.redact import redact

    if len(text) <= limit:
        return redact(text)
    kept = text[:limit]
    space = kept.rfind(" ", limit - 200)
    kept = kept[:space] if space > 0 else kept[: limit - 200]
    # A phone or NHS number written with spaces may still have its first groups at the end.
    kept = kept.rstrip("0123456789 ()+-")
    return f"{redact(kept)} ... [{len(text) - len(kept)} more characters not logged]"


def _redact_event(_logger: Any, _method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    return {k: _for_log(v) if isinstance(v, str) else v for k, v in event_dict.items()}


class RedactingFilter(logging.Filter):
    """A last guard: identifiers that slip into a library's log line or traceback are masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_pimh_redacted", False):  # a logger's filter and then a handler's
            return True
        record.msg, record.args = _for_log(record.getMessage()), None
        if record.exc_info:
            record.exc_text = _for_log(logging.Formatter().formatException(record.exc_info), limit=4 * LOG_TEXT_LIMIT)
            record.exc_info = None
        record._pimh_redacted = True
        return True
