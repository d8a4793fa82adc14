"""Free text: direct messages, @mentions and `/pimh ask`, answered by bot.conversation.

Thread replies under a consultation's messages are relayed between clinician and practitioner
(bot.handlers.threads); everything else in a DM is a question."""
from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.commands import Slash, command
from bot.conversation import Reply, reply_to
from bot.handlers import threads
from bot.people import user_for_slack
from bot.views.answers import reply_blocks, reply_text
from consult.db import session_scope

_MENTION = re.compile(r"<@[A-Z0-9]+>")


def answer(client: WebClient, slack_user_id: str, text: str, channel: str) -> Reply:
    with session_scope() as db:
        user = user_for_slack(db=db, client=client, slack_user_id=slack_user_id)
        reply = reply_to(db=db, text=text, user=user, channel=channel)
    return reply


@command("ask")
def ask(slash: Slash) -> None:
    if not slash.text:
        slash.respond(text="What would you like to ask? For example: `/pimh ask how long until a referral is acknowledged`")
        return
    reply = answer(slash.client, slash.user_id, slash.text, "slash command")
    slash.respond(text=reply_text(reply), blocks=reply_blocks(reply), response_type="ephemeral")


def _on_message(event: dict[str, Any], client: WebClient) -> None:
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return  # edits, joins, the bot's own posts
    if event.get("thread_ts") and event.get("thread_ts") != event.get("ts") and threads.relay(client, event):
        return
    if event.get("channel_type") != "im":
        return
    reply = answer(client, event["user"], event.get("text") or "", "direct message")
    client.chat_postMessage(channel=event["channel"], text=reply_text(reply), blocks=reply_blocks(reply))


def _on_mention(event: dict[str, Any], client: WebClient) -> None:
    text = _MENTION.sub("", event.get("text") or "").strip()
    if not text:
        return
    reply = answer(client, event["user"], text, "mention in a channel")
    # In the thread, so a channel is not filled with answers meant for one person.
    client.chat_postMessage(channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"],
                            text=reply_text(reply), blocks=reply_blocks(reply))


def _ack(ack: Ack) -> None:
    ack()


def register(app: App) -> None:
    app.event("message")(ack=_ack, lazy=[_on_message])
    app.event("app_mention")(ack=_ack, lazy=[_on_mention])
