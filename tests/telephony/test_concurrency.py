"""Twilio retries a webhook it thinks was lost, and two clinicians may record the same call-back at
once: real threads against the live server (SQLite by default, PostgreSQL with
PIMH_TEST_POSTGRES_URL) make one call record, one status change and one call-back, and the losers
of the call-back race are told 409."""
from __future__ import annotations

from collections import Counter
from datetime import date

import httpx

from tests.racing import race_each
from tests.telephony.conftest import CALLER, CLINICIAN_PHONE, calls, put_on_duty, signature

ATTEMPTS = 10




def _post(base: str, path: str, params: dict[str, str]) -> tuple[int, str]:
    with httpx.Client(base_url=base, timeout=60) as client:
        response = client.post(path, data=params, headers={"X-Twilio-Signature": signature(path, params)})
        return response.status_code, response.text


def test_simultaneous_retries_of_a_webhook_make_one_call_and_one_answer(phone_line, live_server, db, clinician):
    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    voice = {"CallSid": "CA700", "From": CALLER, "To": "+441632960000", "CallStatus": "ringing"}
    results = race_each(ATTEMPTS, lambda i: _post(live_server, "/telephony/twilio/voice", voice))
    assert {code for code, _ in results} == {200}
    assert len({body for _, body in results}) == 1  # every retry heard the same thing
    answered = {"CallSid": "CA700", "DialCallStatus": "completed", "DialCallDuration": "95"}
    results = race_each(ATTEMPTS, lambda i: _post(live_server, "/telephony/twilio/status?attempt=1", answered))
    assert {code for code, _ in results} == {200}
    (call,) = calls(db)
    assert (call.status, call.duration_seconds, call.answered_by_id) == ("answered", 95, clinician.id)


def test_two_clinicians_recording_one_call_back_at_once_one_wins(phone_line, live_server, db, clinician,
                                                                   second_clinician):
    voice = {"CallSid": "CA701", "From": CALLER, "CallStatus": "ringing"}  # nobody on duty: a call-back
    assert _post(live_server, "/telephony/twilio/voice", voice)[0] == 200
    (call,) = calls(db)

    def record(i: int):
        who = clinician if i % 2 else second_clinician
        with httpx.Client(base_url=live_server, timeout=60) as client:
            response = client.post(f"/api/telephony/calls/{call.id}/callback", json={"outcome": "spoke"},
                                   headers=who.headers)
            return response.status_code, response.json()

    results = race_each(ATTEMPTS, record)
    assert Counter(code for code, _ in results) == {200: 1, 409: ATTEMPTS - 1}
    assert all("already been recorded" in body["detail"] for code, body in results if code == 409)
    (stored,) = calls(db)
    assert stored.called_back_at is not None
