"""Slack fixtures: a fake Slack Web API on a thread, the app built with Slack switched on, and
a `slack` helper that sends correctly signed requests to /slack/events."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot.testing import (
    FakeSlack,
    action_payload,
    command_body,
    event_body,
    interaction_body,
    signed_headers,
    slack_user,
    submission_payload,
)

SECRET = "test-signing-secret-0123456789abcdef"
TRIAGE = "C-TRIAGE"
JO = "U-JO"            # the practitioner persona's Slack id
PRIYA = "U-PRIYA"      # the clinician persona's Slack id
NEWCOMER = "U-NEW"     # someone the service has never seen


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    fake = FakeSlack(users={
        JO: slack_user(JO, name="Jo Pellow", email="jo.pellow@nhs.net"),
        PRIYA: slack_user(PRIYA, name="Priya Castell", email="priya.castell@nhs.net"),
        NEWCOMER: slack_user(NEWCOMER, name="Alex Newcombe", email="alex.newcombe@nhs.net"),
    }).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def slack_env(monkeypatch, fake_slack) -> None:
    """Before the `app` fixture builds the app: settings are read (and cached) then."""
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    monkeypatch.setenv("SLACK_TRIAGE_CHANNEL", TRIAGE)
    reset_settings_cache()
    yield
    from consult.notify import unregister_notifier

    unregister_notifier("slack")


class SignedSlack:
    """Sends what Slack sends, signed with the app's signing secret."""

    def __init__(self, client, fake: FakeSlack) -> None:
        self.client = client
        self.fake = fake

    def post(self, body: str, **signing: Any):
        return self.client.post("/slack/events", content=body, headers=signed_headers(body, SECRET, **signing))

    def command(self, text: str, user: str = JO, **signing: Any):
        return self.post(command_body(text, user_id=user, response_url=self.fake.response_url(f"cmd-{user}")), **signing)

    def action(self, action_id: str, value: str, user: str = PRIYA, **extra: Any):
        payload = action_payload(action_id, value, user_id=user, response_url=self.fake.response_url(f"act-{user}"), **extra)
        return self.post(interaction_body(payload))

    def submit(self, callback_id: str, values: dict[str, Any], user: str = JO, metadata: dict | None = None,
               view_id: str = "V-SUBMIT"):
        state = {block: {"value": _element(value)} for block, value in values.items()}
        payload = submission_payload(callback_id, state, user_id=user, private_metadata=json.dumps(metadata or {}),
                                     view_id=view_id)
        return self.post(interaction_body(payload))

    def event(self, event: dict[str, Any], event_id: str = "Ev1", **signing: Any):
        return self.post(event_body(event, event_id=event_id), **signing)

    def dm(self, text: str, user: str = JO, event_id: str = "Ev-dm", **extra: Any):
        event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user, "text": text,
                 "ts": "1700000100.000100", **extra}
        return self.event(event, event_id=event_id)

    def responses(self, user: str = JO, kind: str = "cmd"):
        return self.fake.of(f"response/{kind}-{user}")


def _element(value: Any) -> dict[str, Any]:
    """The state Slack reports for an input: text, a chosen option, or ticked checkboxes."""
    if isinstance(value, list):
        return {"type": "checkboxes", "selected_options": [{"value": v} for v in value]}
    if isinstance(value, tuple) and value[0] == "date":
        return {"type": "datepicker", "selected_date": value[1]}
    if isinstance(value, tuple):  # ("select", value)
        return {"type": "static_select", "selected_option": {"value": value[1]} if value[1] else None}
    return {"type": "plain_text_input", "value": value}


@pytest.fixture
def slack(client, fake_slack) -> SignedSlack:
    return SignedSlack(client, fake_slack)


@pytest.fixture
def linked(db, practitioner, clinician):
    """The practitioner and clinician personas, already known to the bot by their Slack ids."""
    from consult.auth.models import User

    db.get(User, practitioner.id).slack_user_id = JO
    db.get(User, clinician.id).slack_user_id = PRIYA
    db.commit()
    return practitioner, clinician


@pytest.fixture(autouse=True)
def faq_entries(request):
    """The FAQ's entries in the test database (what its start-up hook does for the real app)."""
    if "db" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("db")
    from faq.service import startup

    stop = startup()
    yield
    stop()  # as the app's shutdown does: the background build must not outlive this test's database
