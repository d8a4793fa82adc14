"""Whatever reaches /slack/events, signed or not, is a 4xx or an answer, never a 500 (issue 16 item 4).

A timestamp header that is not a number used to raise inside the signature check; a body that
is validly signed but not what Slack sends (no user, no view, a payload that is not JSON) used
to raise inside bolt or a listener, which bolt answers with a 500.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from bot.testing import signed_headers
from tests.bot.conftest import SECRET


def _post(client, body: str, **headers: str):
    return client.post("/slack/events", content=body, headers={**signed_headers(body, SECRET), **headers})


def test_a_timestamp_that_is_not_a_number_is_refused_not_500(client):
    body = urlencode({"command": "/pimh", "text": "help", "user_id": "U1"})
    response = client.post("/slack/events", content=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": "soon",
        "X-Slack-Signature": "v0=abc"})
    assert 400 <= response.status_code < 500


@pytest.mark.parametrize("body", [
    urlencode({"payload": "not json"}),
    urlencode({"payload": json.dumps(["a", "list"])}),
    urlencode({"payload": json.dumps({"type": "view_submission"})}),
    urlencode({"payload": json.dumps({"type": "view_submission", "view": {"callback_id": "pimh_consult"}})}),
    urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "U1"},
                                      "view": {"callback_id": "pimh_consult", "state": {"values": []}}})}),
    urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"},
                                      "actions": [{"action_id": "pimh_claim"}]})}),
    urlencode({"payload": json.dumps({"type": "block_actions", "actions": "none"})}),
    urlencode({"command": "/pimh"}),
    urlencode({"command": "/pimh", "text": "ask", "user_id": "U1"}),
    json.dumps({"type": "event_callback", "event": "not an object"}),
    json.dumps({"type": "event_callback", "event": {"type": "message"}}),
    json.dumps({"type": "url_verification"}),
    json.dumps([1, 2, 3]),
    "{not json",
])
def test_a_validly_signed_malformed_body_is_a_4xx_or_an_answer_not_500(client, body):
    response = _post(client, body)
    assert response.status_code < 500, (response.status_code, response.text)
