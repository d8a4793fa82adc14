"""Seeded identifiers go in through every door; none comes out in a log line, a Slack message
or an export. (They may be stored, encrypted, and shown to the clinicians who need them.)"""
from __future__ import annotations

import io
import json
import logging

import pytest
import structlog
from fastapi.testclient import TestClient

from bot.testing import FakeSlack, command_body, signed_headers, slack_user
from consult.logs import STDERR
from consult.settings import reset_settings_cache

NHS_NUMBER, PHONE, BIRTH = "9991234578", "07700 900457", "1994-03-02"
# Every way these are commonly written.
FORMS = [NHS_NUMBER, "999 123 4578", "999-123-4578", PHONE, "07700900457", "+44 7700 900457", BIRTH, "02/03/1994"]
SECRET = "test-signing-secret-0123456789abcdef"
TRIAGE = "C-TRIAGE"


@pytest.fixture
def fake_slack():
    fake = FakeSlack(users={"U-JO": slack_user("U-JO", name="Jo Pellow", email="jo.pellow@nhs.net")}).start()
    yield fake
    fake.stop()


@pytest.fixture
def structured_log():
    buffer = io.StringIO()
    yield buffer
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=STDERR))


@pytest.fixture
def slack_client(monkeypatch, database_url, clock, fake_slack, caplog, structured_log):
    from consult.app import create_app
    from consult.notify import unregister_notifier

    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.url)
    monkeypatch.setenv("SLACK_TRIAGE_CHANNEL", TRIAGE)
    monkeypatch.setenv("LOG_FORMAT", "json")
    reset_settings_cache()
    caplog.set_level(logging.DEBUG)
    app = create_app()
    # Keep the app's processors (redaction, JSON rendering); only send the lines to a buffer.
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=structured_log))
    with TestClient(app) as client:
        yield client
    unregister_notifier("slack")


def _leaks(text: str) -> list[str]:
    return [form for form in FORMS if form in text]


def test_no_log_line_slack_message_or_export_holds_a_seeded_identifier(
    slack_client, fake_slack, db, practitioner, clinician, manager, capfd, caplog, structured_log
):
    from consult.auth.models import User

    db.get(User, practitioner.id).slack_user_id = "U-JO"
    db.commit()
    client = slack_client
    readiness = client.post("/api/referrals/readiness", json={
        "referrer": {"name": "Jo Pellow", "source": "health_visiting", "phone": PHONE},
        "consent": {"informed_consent_to_referral": True},
        "parent": {"nhs_number": NHS_NUMBER, "date_of_birth": BIRTH, "district": "Thanet", "postcode": "CT9 1AA"},
        "infant": {"nhs_number": "999 123 4586", "date_of_birth": "2026-05-01"},
        "concerns": ["not_bonding"], "description": f"Mum (NHS {NHS_NUMBER}, born {BIRTH}, phone {PHONE}) feels distant.",
    })
    assert readiness.status_code == 200
    faq = client.post("/api/faq/answer", json={"question": f"Can I refer mum {NHS_NUMBER} born {BIRTH}? Call {PHONE}"})
    assert faq.status_code == 200
    created = client.post("/api/consultations", headers=practitioner.headers, json={
        "channel": "web", "question": "A mother finds it hard to settle her baby and feels low; how can I support them?",
        "concerns": ["not_bonding"], "district": "Thanet", "infant_age_months": 4, "urgency": "routine",
        "preferred_contact": "phone", "callback_phone": PHONE, "callback_window": "mornings", "consent_confirmed": True,
    })
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]
    # A practitioner who types identifiers into Slack, and an identifier in a refused request.
    body = command_body(f"ask is baby {NHS_NUMBER} born {BIRTH} too old? ring {PHONE}", user_id="U-JO",
                        response_url=fake_slack.response_url("cmd-U-JO"))
    assert client.post("/slack/events", content=body, headers=signed_headers(body, SECRET)).status_code == 200
    client.post("/api/consultations", headers=practitioner.headers,
                json={"question": f"baby {NHS_NUMBER}", "district": "Thanet", "callback_phone": PHONE})
    # The clinician, who may see the callback number, reads the consultation (audited, not logged).
    assert client.get(f"/api/consultations/{reference}", headers=clinician.headers).status_code == 200

    fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == TRIAGE)
    exports = [
        client.get("/api/reports/consultations.csv", params={"from": "2026-11-01", "to": "2026-11-30"}, headers=manager.headers),
        client.get("/api/reports/quarterly.csv", params={"quarter": "2026Q4"}, headers=manager.headers),
        client.get("/api/reports/quarterly", params={"quarter": "2026Q4"}, headers=manager.headers),
        client.get("/api/audit", params={"record": reference}, headers=manager.headers),
    ]
    assert [e.status_code for e in exports] == [200, 200, 200, 200]
    assert reference in exports[0].text  # the export did include the consultation

    captured = capfd.readouterr()
    logs = structured_log.getvalue() + captured.out + captured.err + caplog.text
    assert "readiness_checked" in logs  # the structured log was captured at all
    slack = json.dumps([{"method": c.method, "args": c.args} for c in fake_slack.calls])
    assert len(fake_slack.calls) >= 2
    assert _leaks(logs) == []
    assert _leaks(slack) == []
    for export in exports:
        assert _leaks(export.text) == []
