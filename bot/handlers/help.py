"""`/pimh help` and `/pimh hours`: answered in the acknowledgement itself, nothing slow."""
from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.commands import Slash, command
from bot.replies import HELP, hours_lines
from bot.views import Block, context, header, lines, section
from consult.db import session_scope
from consult.profiles import active_profile


def help_blocks() -> list[Block]:
    profile = active_profile()
    blocks = [header(f"{profile.service_short_name} in Slack")]
    blocks.append(section("\n".join(f"`{usage}`: {what}" for usage, what in HELP)))
    blocks.append(context("You can also send me a question in a direct message or mention me in a channel. "
                          "Never include names, NHS numbers or dates of birth."))
    return blocks


@command("help", quick=True)
def show_help(slash: Slash) -> dict[str, Any]:
    return {"text": "How to use the PIMHS bot", "blocks": help_blocks()}


@command("hours", quick=True)
def show_hours(slash: Slash) -> dict[str, Any]:
    with session_scope() as db:
        found = hours_lines(db)
    return {"text": found[0], "blocks": lines(found)}


def register(app: App) -> None:
    """Commands are registered through bot.commands; nothing else to listen for here."""
