"""Socket Mode, as `pimh worker` runs it when SLACK_APP_TOKEN is set.

Slack's side is played by two local servers: the fake Web API (bot.testing.FakeSlack) answers
`apps.connections.open` with the ws:// address of a websocket server this module runs, which then
pushes Socket Mode envelopes down the socket and records what the app sends back. Nothing in the
bot is replaced: the worker's own start-up path connects, acknowledges and answers.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import pytest
from websockets.sync.server import ServerConnection, serve

from bot.testing import command_body, event_body
from tests.bot.conftest import JO

APP_TOKEN = "xapp-1-APIMH-socket-test"
WAIT = 15.0  # generous: a loaded 2-core machine may be slow, and every wait ends as soon as it can


class FakeSocketModeServer:
    """The websocket end of Socket Mode: says hello, sends envelopes, records every frame received."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._connection: ServerConnection | None = None
        self._connected = threading.Event()

    def start(self) -> FakeSocketModeServer:
        self._server = serve(self._serve, "127.0.0.1", 0)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    @property
    def url(self) -> str:
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=fake-ticket&app_id=APIMH"

    def _serve(self, connection: ServerConnection) -> None:
        connection.send(json.dumps({"type": "hello", "num_connections": 1,
                                    "connection_info": {"app_id": "APIMH"}}))
        self._connection = connection
        self._connected.set()
        for frame in connection:  # until the app disconnects
            with self._lock:
                self.received.append(json.loads(frame))

    def wait_connected(self) -> None:
        assert self._connected.wait(WAIT), "the app never opened the websocket"

    def send(self, envelope: dict[str, Any]) -> None:
        self.wait_connected()
        self._connection.send(json.dumps(envelope))

    def wait_for_ack(self, envelope_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with self._lock:
                acks = [m for m in self.received if m.get("envelope_id") == envelope_id]
            if acks:
                assert len(acks) == 1, f"envelope {envelope_id} acknowledged {len(acks)} times"
                return acks[0]
            time.sleep(0.02)
        raise AssertionError(f"envelope {envelope_id} was never acknowledged; received {self.received}")


@pytest.fixture
def socket_server(fake_slack) -> Iterator[FakeSocketModeServer]:
    server = FakeSocketModeServer().start()
    fake_slack.socket_url = server.url
    yield server
    server.stop()


@pytest.fixture
def worker_socket(socket_server, fake_slack, linked, monkeypatch) -> Iterator[Any]:
    """What `pimh worker` starts when SLACK_APP_TOKEN is set; closed the way the worker closes it."""
    from consult.cli import _socket_mode
    from consult.settings import get_settings, reset_settings_cache

    monkeypatch.setenv("SLACK_APP_TOKEN", APP_TOKEN)
    reset_settings_cache()
    handler = _socket_mode(get_settings())
    assert handler is not None
    socket_server.wait_connected()
    yield handler
    handler.close()


def _slash_envelope(envelope_id: str, text: str, response_url: str) -> dict[str, Any]:
    payload = dict(parse_qsl(command_body(text, user_id=JO, response_url=response_url)))
    return {"envelope_id": envelope_id, "type": "slash_commands", "accepts_response_payload": True,
            "payload": payload}


def _event_envelope(envelope_id: str, event: dict[str, Any], event_id: str) -> dict[str, Any]:
    return {"envelope_id": envelope_id, "type": "events_api", "accepts_response_payload": False,
            "retry_attempt": 0, "retry_reason": "", "payload": json.loads(event_body(event, event_id=event_id))}


# One connection for the whole conversation: closing the built-in client waits out its 3-second
# socket read, so a connection per behaviour would make this module slow for nothing.
def test_a_conversation_over_socket_mode_is_acknowledged_on_the_socket_and_answered(
        worker_socket, socket_server, fake_slack):
    opened = fake_slack.wait_for("apps.connections.open")
    assert len(opened) == 1 and opened[0].token == APP_TOKEN

    # `/pimh help` is answered inside the acknowledgement, which travels back over the socket.
    socket_server.send(_slash_envelope("env-help-1", "help", fake_slack.response_url("socket-help")))
    blocks = json.dumps(socket_server.wait_for_ack("env-help-1")["payload"]["blocks"])
    assert "/pimh consult" in blocks and "/pimh book" in blocks

    # A question in a DM: acknowledged empty at once, answered afterwards through the Web API.
    dm = {"type": "message", "channel_type": "im", "channel": f"D{JO}", "user": JO,
          "text": "how long until a referral is acknowledged", "ts": "1700000500.000100"}
    socket_server.send(_event_envelope("env-dm-1", dm, event_id="Ev-socket-dm"))
    assert not socket_server.wait_for_ack("env-dm-1").get("payload")
    reply = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == f"D{JO}", timeout=WAIT)[0]
    assert f"{_acknowledge_days()} working days" in reply.text()
    assert reply.token == "xoxb-test-token"  # the app token only opens the socket

    # `/pimh ask`: acknowledged on the socket, the answer goes to the command's response_url.
    socket_server.send(_slash_envelope("env-ask-1", "ask can a parent refer themselves",
                                       fake_slack.response_url("socket-ask")))
    assert not socket_server.wait_for_ack("env-ask-1").get("payload")
    said = fake_slack.wait_for("response/socket-ask", timeout=WAIT)[0]
    assert said.args["response_type"] == "ephemeral" and "refer themselves" in said.text().lower()
    assert not fake_slack.of("response/socket-help")  # help needed nothing beyond its acknowledgement


def _acknowledge_days() -> int:
    from consult.profiles import active_profile

    return active_profile().time_limits.acknowledge_working_days


def test_without_an_app_token_the_worker_opens_no_socket(fake_slack, monkeypatch):
    from consult.cli import _socket_mode
    from consult.settings import get_settings, reset_settings_cache

    monkeypatch.delenv("SLACK_APP_TOKEN", raising=False)
    reset_settings_cache()
    assert _socket_mode(get_settings()) is None
    assert not fake_slack.of("apps.connections.open")
