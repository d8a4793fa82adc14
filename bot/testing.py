"""A fake Slack Web API and signed-request builders, for the tests and the benchmark.

The fake is a standard-library HTTP server on a thread that answers every Web API method the
bot uses and records each call (method and arguments), so a test can wait for the calls a lazy
listener makes after the HTTP response has gone back. Requests to /slack/events are signed with
slack_sdk's own `SignatureVerifier`, exactly as Slack signs them.
"""
from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast
from urllib.parse import parse_qs, urlencode

from slack_sdk.signature import SignatureVerifier

BOT_USER_ID = "UBOTPIMH"


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    token: str | None = None  # the bearer token sent, so a test can tell the bot token from the app token

    def text(self) -> str:
        """Everything a person would read in this call: text and every string inside blocks/view."""
        parts: list[str] = []

        def walk(value: Any) -> None:
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, list):
                for v in value:
                    walk(v)

        walk({k: v for k, v in self.args.items() if k in ("text", "blocks", "view", "attachments")})
        return "\n".join(parts)


@dataclass
class FakeSlack:
    """Start with `start()`; point SLACK_API_URL at `url`. `users` maps Slack ids to profiles;
    `socket_url` is what `apps.connections.open` hands a Socket Mode client (a test's websocket server)."""

    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    socket_url: str | None = None
    calls: list[Call] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                args = _parse_body(raw, self.headers.get("Content-Type", ""))
                method = self.path.strip("/").split("?")[0]
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ") or None
                body = json.dumps(fake._answer(method, args, token)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/"  # type: ignore[str-bytes-safe]

    def response_url(self, name: str = "cmd") -> str:
        """Where `respond()` posts for a slash command or an action (recorded as `response/<name>`)."""
        return f"{self.url}response/{name}"

    # -- recording ---------------------------------------------------------------------------------
    def _answer(self, method: str, args: dict[str, Any], token: str | None = None) -> dict[str, Any]:
        with self._lock:
            self.calls.append(Call(method, args, token))
            ts = f"1700000000.{next(self._ts):06d}"
        if method == "auth.test":
            return {"ok": True, "user_id": BOT_USER_ID, "bot_id": "BPIMH", "team_id": "TPIMH", "team": "PIMH"}
        if method == "users.info":
            user = self.users.get(args.get("user", ""))
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(args.get("users", "X"))}}
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            return {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or ts, "message_ts": ts}
        if method == "apps.connections.open":
            # Slack refuses this without an app-level token; so does the fake, to catch a bot token sent.
            if not (token or "").startswith("xapp-") or not self.socket_url:
                return {"ok": False, "error": "not_allowed_token_type"}
            return {"ok": True, "url": self.socket_url}
        if method.startswith("views."):
            return {"ok": True, "view": {"id": f"V{ts.split('.')[1]}"}}
        return {"ok": True}

    def of(self, method: str, where: Callable[[Call], bool] = lambda c: True) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method and where(c)]

    def wait_for(self, method: str, count: int = 1, *, where: Callable[[Call], bool] = lambda c: True,
                 timeout: float = 10.0) -> list[Call]:
        """Poll until `count` matching calls arrived (lazy listeners answer after the response)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.of(method, where)
            if len(found) >= count or time.monotonic() > deadline:
                break
            time.sleep(0.02)
        assert len(found) >= count, f"expected {count} {method} call(s), got {len(found)}: {[c.method for c in self.calls]}"
        return found

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()


def _parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        # The Slack SDK sends a JSON body only as an object of arguments.
        return cast(dict[str, Any], json.loads(raw or "{}"))
    args: dict[str, Any] = {k: v[0] for k, v in parse_qs(raw).items()}
    for key in ("blocks", "view", "attachments"):
        if isinstance(args.get(key), str):
            try:
                args[key] = json.loads(args[key])
            except ValueError:
                pass
    return args


def slack_user(user_id: str, *, name: str, email: str) -> dict[str, Any]:
    """A users.info profile as Slack returns it."""
    return {"id": user_id, "name": name.lower().replace(" ", "."), "real_name": name,
            "profile": {"real_name": name, "display_name": name.split()[0], "email": email}}


# -- signed requests --------------------------------------------------------------------------------
def signed_headers(body: str, secret: str, *, timestamp: int | None = None, retry: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)  # Slack signs with real time
    headers = {
        "Content-Type": "application/json" if body.startswith("{") else "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body),
    }
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return headers  # type: ignore[return-value]


def command_body(text: str, *, user_id: str, response_url: str, command: str = "/pimh",
                 trigger_id: str | None = None, channel_id: str = "D-CMD") -> str:
    """A slash command as Slack sends it; each gets a fresh trigger id unless one is given,
    as each command typed in Slack does (the bot acts once per trigger id)."""
    trigger_id = trigger_id or f"trigger-{uuid.uuid4().hex[:12]}"
    return urlencode({
        "token": "legacy", "team_id": "TPIMH", "team_domain": "pimh", "channel_id": channel_id,
        "channel_name": "directmessage", "user_id": user_id, "user_name": user_id.lower(),
        "command": command, "text": text, "api_app_id": "APIMH", "response_url": response_url,
        "trigger_id": trigger_id,
    })


def interaction_body(payload: dict[str, Any]) -> str:
    base = {"team": {"id": "TPIMH"}, "api_app_id": "APIMH", "token": "legacy", "trigger_id": "trigger-2"}
    return urlencode({"payload": json.dumps({**base, **payload})})


def action_payload(action_id: str, value: str, *, user_id: str, response_url: str,
                   channel: str = "C-TRIAGE", message_ts: str = "1700000000.000001") -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user_id},
        "channel": {"id": channel},
        "container": {"type": "message", "channel_id": channel, "message_ts": message_ts},
        "message": {"ts": message_ts, "text": ""},
        "response_url": response_url,
        "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                     "action_ts": "1700000001.000001"}],
    }


def submission_payload(callback_id: str, values: dict[str, dict[str, Any]], *, user_id: str,
                       private_metadata: str = "", view_id: str = "V-SUBMIT") -> dict[str, Any]:
    """`values` is {block_id: {action_id: element state}}, as Slack sends view.state.values."""
    return {
        "type": "view_submission",
        "user": {"id": user_id},
        "view": {"id": view_id, "type": "modal", "callback_id": callback_id, "private_metadata": private_metadata,
                 "state": {"values": values}, "hash": "h"},
    }


def event_body(event: dict[str, Any], *, event_id: str) -> str:
    return json.dumps({
        "token": "legacy", "team_id": "TPIMH", "api_app_id": "APIMH", "type": "event_callback",
        "event_id": event_id, "event_time": int(time.time()), "authorizations": [{"user_id": BOT_USER_ID, "is_bot": True}],
        "event": event,
    })
