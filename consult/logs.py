"""Structured logging; JSON in production. Never pass a family's details to a logger."""
from __future__ import annotations

import logging
import sys

import structlog

from consult.settings import Settings


def configure_logging(settings: Settings) -> None:
    renderer = structlog.processors.JSONRenderer() if settings.json_logs else structlog.dev.ConsoleRenderer(colors=False)
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s %(message)s")
