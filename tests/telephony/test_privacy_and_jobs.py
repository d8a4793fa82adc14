"""The caller's number is never in the database's bytes or the log; the retention purge and subject
access cover calls and work numbers; calls whose status callback was lost are settled from
Twilio's REST API (a local fake at TWILIO_API_URL)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from consult.clock import LONDON
from tests.conftest import POSTGRES_URL
from tests.telephony.conftest import CALLER, CLINICIAN_PHONE, calls, give_phone, put_on_duty

DIGITS = ("7700900123", "07700 900123", "900123")


def _raw_bytes(db, database_url: str) -> bytes:
    db.commit()
    if POSTGRES_URL:
        rows = db.execute(text("SELECT t::text FROM phone_calls t UNION ALL SELECT w::text FROM work_phones w")).scalars()
        return "\n".join(rows).encode()
    path = Path(database_url.removeprefix("sqlite:///"))
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def test_the_callers_number_is_never_in_the_database_bytes_or_the_log(twilio, db, clinician, practitioner,
                                                                        database_url, capfd, caplog, clock):
    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    give_phone(db, practitioner, CALLER)
    twilio.call("CA300")
    twilio.dial_ended("CA300", 1, "no-answer")
    twilio.key("CA300", "1")
    twilio.status("CA300", "completed", 70)
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=LONDON))
    twilio.call("CA301", caller="+447700900999")  # an unknown caller, out of hours
    assert len(calls(db)) == 2 and calls(db)[1].caller_number == "+447700900999"
    raw = _raw_bytes(db, database_url)
    assert b"phone_calls" in raw or POSTGRES_URL  # the bytes read really are the database
    for digits in (*DIGITS, "7700900999"):
        assert digits.encode() not in raw
    logged = capfd.readouterr().err + caplog.text
    assert "telephony_call_received" in logged
    for digits in (*DIGITS, "7700900999", "900999"):
        assert digits not in logged


def test_the_retention_purge_clears_who_called_and_keeps_the_figures(twilio, db, clinician, practitioner, clock):
    from consult.privacy.retention import run_purge

    give_phone(db, practitioner, CALLER)
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=LONDON))
    twilio.call("CA310")
    clock.set(datetime(2035, 1, 5, 10, 0, tzinfo=LONDON))  # past the profile's eight years
    assert run_purge(db=db)["telephone_calls"] == 1
    db.commit()
    (call,) = calls(db)
    assert call.caller_number is None and call.caller_id is None and call.status == "out_of_hours"
    assert call.callback_due is not None
    assert run_purge(db=db)["telephone_calls"] == 0


def test_subject_access_exports_and_erases_a_practitioners_calls_and_work_number(twilio, db, clinician,
                                                                                  practitioner):
    from consult.privacy.subject_access import Subject, erase_subject, export_subject

    give_phone(db, practitioner, CALLER)
    twilio.call("CA320")
    held = export_subject(db=db, subject=Subject(email=practitioner.email))["data"]["telephone_line"]
    assert held["work_phones"] == [CALLER]
    assert [c["from_number"] for c in held["calls_to_the_line"]] == [CALLER]
    assert erase_subject(db=db, subject=Subject(email=practitioner.email))["telephone_line"] == 2
    db.commit()
    (call,) = calls(db)
    assert call.caller_number is None and call.caller_id is None


def test_a_call_whose_status_callback_was_lost_is_settled_from_the_twilio_api(fake_twilio_api, twilio, db, clock,
                                                                               clinician):
    from consult.telephony.jobs import reconcile

    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    twilio.call("CA330")
    twilio.call("CA331")
    fake_twilio_api.calls["CA330"] = {"sid": "CA330", "status": "no-answer", "duration": "25"}
    fake_twilio_api.calls["CA331"] = {"sid": "CA331", "status": "in-progress", "duration": None}
    clock.advance(timedelta(minutes=20))
    assert reconcile(db=db, now=clock.now()) == 1
    db.commit()
    first, second = calls(db)
    assert (first.status, first.duration_seconds) == ("missed", 25) and first.callback_due is not None
    assert second.status == "ringing"  # still on the line: left alone
    assert "/2010-04-01/Accounts/AC0001/Calls/CA330.json" in fake_twilio_api.paths
    assert reconcile(db=db, now=clock.now()) == 0
