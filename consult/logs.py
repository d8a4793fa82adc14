"""Structured logging; JSON in production. Never pass a family's details to a logger."""
from __future__ import annotations

import logging
import sys

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
        logger_factory=structlog.PrintLoggerFactory(file=STDERR),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.INFO, stream=STDERR, format="%(levelname)s %(name)s %(message)s")
    # Libraries log through the standard library; their messages and tracebacks are redacted too.
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "apscheduler", "gunicorn.error"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter())


def _redact_event(_logger, _method, event_dict: dict) -> dict:
    from consult.privacy.redact import redact

    return {k: redact(v) if isinstance(v, str) else v for k, v in event_dict.items()}


class RedactingFilter(logging.Filter):
    """A last guard: identifiers that slip into a library's log line or traceback are masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        from consult.privacy.redact import redact

        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
