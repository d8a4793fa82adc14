"""Socket Mode: the same bolt app over a websocket, started by `pimh worker` when SLACK_APP_TOKEN is set."""
from __future__ import annotations

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import build_app
from consult.settings import Settings


def start_socket_mode(settings: Settings) -> SocketModeHandler:
    """Connects in the background and returns the handler; `close()` disconnects."""
    # bolt skips signature checks for Socket Mode: the websocket is authenticated by the app token.
    app = build_app(settings, signing_secret=settings.slack_signing_secret or "not-used-in-socket-mode")
    handler = SocketModeHandler(app, settings.slack_app_token)
    handler.connect()  # type: ignore[no-untyped-call]  # slack_bolt leaves SocketModeHandler.connect unannotated
    return handler
