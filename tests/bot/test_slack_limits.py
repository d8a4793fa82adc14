"""Issue 16 item 1: an unsigned or oversized request to /slack/events costs the server almost
nothing. Before, slack-bolt logged a rejected body whole and the log filter redacted all of it
with a pattern quadratic in its length: an 80 KB body held the server for a minute."""
from __future__ import annotations

import logging

from bot.testing import command_body, signed_headers
from consult.logs import LOG_TEXT_LIMIT
from tests.bot.conftest import JO, SECRET

SLACK_LIMIT = 64 * 1024  # SLACK_MAX_BODY_BYTES


def test_an_80_kb_unsigned_body_is_refused_with_413_before_it_is_read(client, caplog):
    caplog.set_level(logging.DEBUG)
    body = "a" * 80_000
    response = client.post("/slack/events", content=body,
                           headers={"content-type": "application/x-www-form-urlencoded",
                                    "x-slack-request-timestamp": "1", "x-slack-signature": "v0=00"})
    assert response.status_code == 413
    assert response.json()["detail"] == f"The request body is too large: this address accepts at most {SLACK_LIMIT} bytes."
    assert "a" * 1000 not in caplog.text  # nobody read it, so nobody logged it


def test_a_signed_100_kb_command_is_refused_too(slack):
    response = slack.command("ask " + "what helps " * 10_000)
    assert response.status_code == 413


def test_an_unsigned_body_under_the_limit_gets_401_and_only_a_slice_of_it_is_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    body = command_body("ask ring 07700 900123 " + "a" * 60_000, user_id=JO, response_url="http://127.0.0.1:9/")
    assert len(body) < SLACK_LIMIT
    headers = signed_headers(body, "not-the-signing-secret")
    assert client.post("/slack/events", content=body, headers=headers).status_code == 401
    logged = [r.getMessage() for r in caplog.records if "signature" in r.getMessage().lower()]
    assert logged, "bolt logs the refused request"
    for line in logged:
        assert len(line) < LOG_TEXT_LIMIT + 100  # at most a slice was redacted and written
        assert "07700 900123" not in line and "more characters not logged]" in line


def test_a_signed_command_under_the_limit_is_still_answered(slack):
    assert slack.command("help").status_code == 200


def test_the_slack_limit_is_a_setting(monkeypatch, database_url, clock):
    from fastapi.testclient import TestClient

    from consult.app import create_app
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("SLACK_MAX_BODY_BYTES", "8192")
    reset_settings_cache()
    body = command_body("ask " + "b" * 9000, user_id=JO, response_url="http://127.0.0.1:9/")
    with TestClient(create_app()) as client:
        assert client.post("/slack/events", content=body, headers=signed_headers(body, SECRET)).status_code == 413
