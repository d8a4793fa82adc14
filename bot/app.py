"""The bolt App factory: one app for HTTP mode (`/slack/events`) and Socket Mode (`pimh worker`)."""
from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_sdk import WebClient

from bot import commands
from bot.errors import install as install_error_mapping
from bot.handlers import (
    booking,
    consult,
    deliveries,
    faq_feedback,
    help,
    links,
    messages,
    people,
    readiness,
    status,
    training,
    triage,
)
from consult.settings import Settings

# The bot's one list of Slack handlers, each `register(app)`, split by feature so no handler module
# grows large; registered in this order.
HANDLERS: tuple[Callable[[App], None], ...] = (
    deliveries.register,
    people.register,
    help.register,
    messages.register,
    faq_feedback.register,
    consult.register,
    triage.register,
    booking.register,
    readiness.register,
    status.register,
    training.register,
    links.register,
    commands.register,
)


def build_app(settings: Settings, *, token: str | None = None, signing_secret: str | None = None) -> App:
    client = WebClient(token=token or settings.slack_bot_token, base_url=settings.slack_api_url)
    app = App(
        client=client,
        signing_secret=signing_secret or settings.slack_signing_secret,
        # No network call while the web app starts; bolt checks the token on the first request.
        token_verification_enabled=False,
        # Acks and lazy listeners share this pool: sized so slow answers never queue an ack
        # past Slack's 3 seconds under a burst of commands.
        listener_executor=ThreadPoolExecutor(max_workers=32, thread_name_prefix="slack"),
        logger=logging.getLogger("bot"),
    )
    for register in HANDLERS:
        register(app)
    install_error_mapping(app)  # refusals and unreadable bodies: a reply or a 400, never bolt's 500
    # The domain's notices (acknowledgements, new requests, advice) reach Slack through this.
    from bot.notifier import register as register_notifier

    register_notifier(settings, client)
    return app
