"""Issue 16 item 6: a signed slash command sent again (a replay within the five minutes its
signature stays fresh) is acted on once, as Slack's event retries are."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.models import SlackDelivery
from bot.testing import command_body, signed_headers
from tests.bot.conftest import JO, SECRET


def _send(client, body: str, headers: dict[str, str]):
    return client.post("/slack/events", content=body, headers=headers)


def test_a_replayed_slash_command_is_answered_once(client, fake_slack, db, linked):
    body = command_body("help", user_id=JO, response_url=fake_slack.response_url(f"cmd-{JO}"))
    headers = signed_headers(body, SECRET)
    first = _send(client, body, headers)
    assert first.status_code == 200 and "/pimh consult" in str(first.json()["blocks"])
    replay = _send(client, body, headers)
    assert replay.status_code == 200 and replay.text == ""  # acknowledged, nothing done
    assert db.scalar(select(func.count()).select_from(SlackDelivery).where(SlackDelivery.key.like("command:%"))) == 1


def test_a_replayed_consultation_command_opens_one_form(client, fake_slack, linked):
    body = command_body("consult mother feels detached", user_id=JO, response_url=fake_slack.response_url(f"cmd-{JO}"))
    headers = signed_headers(body, SECRET)
    assert _send(client, body, headers).status_code == 200
    fake_slack.wait_for("views.open")
    assert _send(client, body, headers).text == ""
    # A different command afterwards is answered, and by then the replay would have opened its form too.
    later = command_body("consult another question", user_id=JO, response_url=fake_slack.response_url(f"cmd-{JO}"))
    assert _send(client, later, signed_headers(later, SECRET)).status_code == 200
    fake_slack.wait_for("views.open", count=2)
    triggers = [call.args["trigger_id"] for call in fake_slack.of("views.open")]
    assert len(triggers) == len(set(triggers)) == 2


def test_two_commands_typed_alike_are_both_answered(slack):
    assert "/pimh consult" in str(slack.command("help").json()["blocks"])
    assert "/pimh consult" in str(slack.command("help").json()["blocks"])  # Slack gives each its own trigger id
