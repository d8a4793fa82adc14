"""The telephone line's fixtures: Twilio settings, webhooks signed exactly as Twilio signs them,
duty clinicians with work numbers (Ofcom drama range), and a fake Twilio REST API on a thread."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-twilio-auth-token-0123456789abcdef"
BASE_URL = "https://pimh.example.org"
LINE = "+441632960000"
CALLER = "+447700900123"  # Jo Pellow's work mobile in these tests
CLINICIAN_PHONE = "+447700900456"
SECOND_CLINICIAN_PHONE = "+447700900789"


def signature(path: str, params: dict[str, str], token: str = AUTH_TOKEN) -> str:
    return RequestValidator(token).compute_signature(BASE_URL + path, params)


class Twilio:
    """Posts webhooks to the app as Twilio would: form-encoded, signed for BASE_URL + path."""

    def __init__(self, client) -> None:
        self.client = client

    def post(self, path: str, params: dict[str, str], *, sign: str | None = "good"):
        headers = {}
        if sign == "good":
            headers["X-Twilio-Signature"] = signature(path, params)
        elif sign == "bad":
            headers["X-Twilio-Signature"] = signature(path, params, token="someone-elses-token")
        return self.client.post(path, data=params, headers=headers)

    def call(self, sid: str = "CA0001", caller: str | None = CALLER, **kwargs):
        params = {"CallSid": sid, "AccountSid": "AC0001", "From": caller or "anonymous", "To": LINE,
                  "CallStatus": "ringing", "Direction": "inbound"}
        return self.post("/telephony/twilio/voice", params, **kwargs)

    def dial_ended(self, sid: str, attempt: int, status: str, duration: int = 0):
        params = {"CallSid": sid, "AccountSid": "AC0001", "DialCallStatus": status, "CallStatus": "in-progress",
                  "DialCallDuration": str(duration)}
        return self.post(f"/telephony/twilio/status?attempt={attempt}", params)

    def status(self, sid: str, status: str = "completed", duration: int = 60):
        params = {"CallSid": sid, "AccountSid": "AC0001", "CallStatus": status, "CallDuration": str(duration)}
        return self.post("/telephony/twilio/status", params)

    def key(self, sid: str, digits: str = "1"):
        return self.post("/telephony/twilio/keypad", {"CallSid": sid, "AccountSid": "AC0001", "Digits": digits})


@pytest.fixture
def phone_line(database_url, monkeypatch):
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("TELEPHONY_PROVIDER", "twilio")
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", "AC0001")
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", AUTH_TOKEN)
    monkeypatch.setenv("BASE_URL", BASE_URL)
    monkeypatch.setenv("PHONE_LINE_NUMBER", LINE)
    reset_settings_cache()
    yield
    reset_settings_cache()


@pytest.fixture
def twilio(phone_line, app) -> Iterator[Twilio]:
    from fastapi.testclient import TestClient

    # BASE_URL is https, so the session cookie is Secure: the test client speaks https too.
    with TestClient(app, base_url="https://testserver") as client:
        yield Twilio(client)


def put_on_duty(db, day: date, *personas_and_phones) -> None:
    from consult.auth.models import User
    from consult.consultations.rota import set_duty
    from consult.telephony.numbers import set_work_phone

    people = []
    for persona, phone in personas_and_phones:
        user = db.get(User, persona.id)
        if phone:
            set_work_phone(db=db, user=user, number=phone, actor="test")
        people.append(user)
    set_duty(db=db, day=day, clinicians=people, actor="test")
    db.commit()


def give_phone(db, persona, number: str) -> None:
    from consult.auth.models import User
    from consult.telephony.numbers import set_work_phone

    set_work_phone(db=db, user=db.get(User, persona.id), number=number, actor="test")
    db.commit()


def calls(db):
    from sqlalchemy import select

    from consult.telephony.models import PhoneCall

    db.expire_all()
    return list(db.scalars(select(PhoneCall).order_by(PhoneCall.id)))


class FakeTwilioApi:
    """A standard-library stand-in for api.twilio.com that answers call fetches and records paths."""

    def __init__(self) -> None:
        self.calls: dict[str, dict] = {}
        self.paths: list[str] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                fake.paths.append(self.path)
                sid = self.path.rsplit("/", 1)[-1].removesuffix(".json")
                body = fake.calls.get(sid)
                status = 200 if body else 404
                payload = body or {"code": 20404, "message": "not found", "status": 404}
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTwilioApi:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_twilio_api(phone_line, monkeypatch) -> Iterator[FakeTwilioApi]:
    from consult.settings import reset_settings_cache

    with FakeTwilioApi() as fake:
        monkeypatch.setenv("TWILIO_API_URL", fake.url)
        reset_settings_cache()
        yield fake


@pytest.fixture
def notices():
    """What the jobs would have sent (the consultations' recording notifier)."""
    from consult import notify
    from tests.consultations.conftest import RecordingNotifier

    recorder = RecordingNotifier()
    notify.register_notifier(recorder)
    yield recorder
    notify.unregister_notifier(recorder.name)
