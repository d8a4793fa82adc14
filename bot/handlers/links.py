"""Link buttons (open a record, manage a booking): Slack opens the URL and still posts the click.

Unacknowledged, bolt answers 404 and Slack puts a warning beside the button, so each is acked."""
from __future__ import annotations

import re

from slack_bolt import App

LINK_ACTIONS = re.compile(r"^pimh_(open_record|manage_booking)$")


def register(app: App) -> None:
    app.action(LINK_ACTIONS)(lambda ack: ack())
