"""The `/pimh` slash command: one verb per feature, answered within Slack's 3 seconds.

Quick verbs (help, hours) answer inside the acknowledgement. Everything else acknowledges at
once and does its work in a lazy listener (FAQ search, database, opening modals), replying
through `respond()` or a DM.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, overload

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

# A quick verb returns the acknowledgement's arguments; a slow one replies itself, after the ack.
QuickHandler = Callable[["Slash"], dict[str, Any]]
SlowHandler = Callable[["Slash"], None]
QUICK: dict[str, QuickHandler] = {}
SLOW: dict[str, SlowHandler] = {}


@dataclass
class Slash:
    user_id: str
    verb: str
    text: str  # what follows the verb
    trigger_id: str | None
    channel_id: str | None
    client: WebClient
    respond: Respond


@overload
def command(verb: str, *, quick: Literal[True]) -> Callable[[QuickHandler], QuickHandler]: ...
@overload
def command(verb: str, *, quick: Literal[False] = False) -> Callable[[SlowHandler], SlowHandler]: ...
def command(verb: str, *, quick: bool = False) -> (
        Callable[[QuickHandler], QuickHandler] | Callable[[SlowHandler], SlowHandler]):
    """Declare the function that handles `/pimh <verb> ...`."""

    def register_quick(func: QuickHandler) -> QuickHandler:
        QUICK[verb] = func
        return func

    def register_slow(func: SlowHandler) -> SlowHandler:
        SLOW[verb] = func
        return func

    return register_quick if quick else register_slow


def _verb_and_rest(command: dict[str, Any]) -> tuple[str, str]:
    verb, _, rest = (command.get("text") or "").strip().partition(" ")
    return verb.lower() or "help", rest.strip()


def _slash(command: dict[str, Any], client: WebClient, respond: Respond) -> Slash:
    verb, rest = _verb_and_rest(command)
    return Slash(user_id=command["user_id"], verb=verb, text=rest,
                 trigger_id=command.get("trigger_id"), channel_id=command.get("channel_id"),
                 client=client, respond=respond)


def _answered_in_ack(command: dict[str, Any]) -> bool:
    return _verb_and_rest(command)[0] not in SLOW


def _answer(ack: Ack, command: dict[str, Any], client: WebClient, respond: Respond) -> None:
    slash = _slash(command, client, respond)
    if slash.verb in QUICK:
        ack(**QUICK[slash.verb](slash))
    else:
        ack(text=f"I don't know `/pimh {slash.verb[:30]}`. Try `/pimh help` to see what I can do.")


def _acknowledge(ack: Ack) -> None:
    ack()


def _work(command: dict[str, Any], client: WebClient, respond: Respond) -> None:
    slash = _slash(command, client, respond)
    SLOW[slash.verb](slash)


def register(app: App) -> None:
    # Quick and unknown verbs have nothing to do after the ack, so their listener has no lazy part:
    # bolt would otherwise copy the whole request and start a thread for each of them.
    app.command("/pimh", matchers=[_answered_in_ack])(_answer)
    app.command("/pimh")(ack=_acknowledge, lazy=[_work])
