from __future__ import annotations

import time

from tests.bot.conftest import JO


def test_a_correctly_signed_help_command_is_answered_in_the_acknowledgement(slack):
    response = slack.command("help")
    assert response.status_code == 200
    body = response.json()
    assert "/pimh consult" in str(body["blocks"]) and "/pimh book" in str(body["blocks"])


def test_a_bad_signature_gets_401(client):
    from bot.testing import command_body, signed_headers

    body = command_body("help", user_id=JO, response_url="http://127.0.0.1:9/")
    headers = signed_headers(body, "not-the-signing-secret")
    assert client.post("/slack/events", content=body, headers=headers).status_code == 401


def test_a_stale_signature_older_than_five_minutes_gets_401(slack):
    response = slack.command("help", timestamp=int(time.time()) - 6 * 60)
    assert response.status_code == 401


def test_hours_say_the_team_is_open_now_on_a_monday_morning(slack):
    text = str(slack.command("hours").json())
    assert "open now, until 17:00" in text
    assert "Monday to Friday, 09:00-17:00" in text


def test_hours_say_when_the_team_next_opens_on_a_saturday(slack, clock):
    from datetime import datetime

    from consult.clock import LONDON

    clock.set(datetime(2026, 11, 28, 11, 0, tzinfo=LONDON))
    text = str(slack.command("hours").json())
    assert "opens again on Monday 30 November at 09:00" in text


def test_an_unknown_verb_points_to_help(slack):
    assert "/pimh help" in slack.command("dance").text
