"""Twilio's webhooks, signed exactly as Twilio signs them, with the clock frozen: in hours the duty
clinicians' phones ring least-loaded first; out of hours, on a bank holiday, on a closure day or with
nobody on duty the caller hears when the line opens and can ask for a call back; a badly signed
request is refused and leaves nothing behind; a retried webhook never makes a second call."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import pytest

from consult.clock import LONDON
from consult.consultations.commands import ConsultationRequest
from tests.telephony.conftest import CALLER, CLINICIAN_PHONE, SECOND_CLINICIAN_PHONE, calls, give_phone, put_on_duty

MONDAY = date(2026, 11, 23)


def twiml(response) -> ET.Element:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/xml")
    return ET.fromstring(response.text)


def spoken(root: ET.Element) -> str:
    return " ".join(e.text or "" for e in root.iter("Say"))


def test_in_hours_the_duty_clinicians_phone_rings_after_the_notice(twilio, db, clinician, practitioner):
    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    root = twiml(twilio.call("CA100"))
    assert "do not need to give the family's names" in spoken(root)
    dial = root.find("Dial")
    assert dial.find("Number").text == CLINICIAN_PHONE
    assert dial.get("timeout") == "20"  # the profile's time per clinician
    assert dial.get("record") == "do-not-record"
    (call,) = calls(db)
    assert call.status == "ringing" and call.callback_due is None


def test_the_least_loaded_clinician_is_rung_first_then_the_next(twilio, db, clinician, second_clinician,
                                                                 practitioner):
    from consult.auth.models import User
    from consult.consultations import service

    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE), (second_clinician, SECOND_CLINICIAN_PHONE))
    jo = db.get(User, practitioner.id)
    busy = service.create_consultation(db=db, practitioner=jo, actor=jo, request=ConsultationRequest(
            channel="web", summary="A question about sleep and feeding", district="Thanet",
            concerns=[], infant_age_months=3, antenatal=False, urgency="routine",
            preferred_contact="chat", callback_phone="", callback_window="",
            consent_confirmed=True))
    busy.offered_to_id = clinician.id
    db.commit()
    first = twiml(twilio.call("CA101")).find("Dial")
    assert first.find("Number").text == SECOND_CLINICIAN_PHONE  # Priya holds a request; Tomasz none
    second = twiml(twilio.dial_ended("CA101", 1, "no-answer")).find("Dial")
    assert second.find("Number").text == CLINICIAN_PHONE
    done = twiml(twilio.dial_ended("CA101", 2, "completed", duration=245))
    assert done.find("Hangup") is not None
    (call,) = calls(db)
    assert (call.status, call.answered_by_id, call.duration_seconds) == ("answered", clinician.id, 245)


def test_nobody_answering_makes_a_missed_call_with_a_call_back_offer(twilio, db, clinician):
    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    twilio.call("CA102")
    root = twiml(twilio.dial_ended("CA102", 1, "no-answer"))
    assert "press 1" in spoken(root).lower()
    assert root.find("Gather").get("action") == "/telephony/twilio/keypad"
    twiml(twilio.key("CA102", "1"))
    (call,) = calls(db)
    assert call.status == "missed" and call.callback_requested
    # Four working hours from 10:00 on a Monday.
    assert call.callback_due == datetime(2026, 11, 23, 14, 0, tzinfo=LONDON)


def test_out_of_hours_the_caller_hears_when_the_line_opens_and_can_ask_for_a_call_back(twilio, db, clinician,
                                                                                         clock):
    put_on_duty(db, date(2026, 11, 24), (clinician, CLINICIAN_PHONE))
    clock.set(datetime(2026, 11, 23, 18, 30, tzinfo=LONDON))
    root = twiml(twilio.call("CA103"))
    assert root.find("Dial") is None
    assert "It opens again tomorrow at 9 am" in spoken(root)
    assert root.find("Gather") is not None
    (call,) = calls(db)
    assert (call.status, call.closed_reason) == ("out_of_hours", "out_of_hours")
    assert call.callback_due == datetime(2026, 11, 24, 13, 0, tzinfo=LONDON)


def test_on_a_bank_holiday_the_caller_is_told_which_and_when_the_line_reopens(twilio, db, clinician, clock):
    put_on_duty(db, date(2026, 12, 25), (clinician, CLINICIAN_PHONE))
    clock.set(datetime(2026, 12, 25, 11, 0, tzinfo=LONDON))  # Christmas Day; Monday 28th is Boxing Day's substitute
    root = twiml(twilio.call("CA104"))
    assert root.find("Dial") is None
    said = spoken(root)
    assert "closed for Christmas Day" in said and "Tuesday 29 December at 9 am" in said
    (call,) = calls(db)
    assert call.closed_reason == "bank_holiday"


def test_on_a_closure_day_nobody_is_dialled(twilio, db, clinician):
    from consult.core.calendar import add_closure

    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    add_closure(db=db, day=MONDAY, reason="Team training day")
    db.commit()
    root = twiml(twilio.call("CA105"))
    assert root.find("Dial") is None and "closed today" in spoken(root)
    assert calls(db)[0].closed_reason == "closure"


def test_with_nobody_on_duty_in_hours_the_caller_is_told_and_offered_a_call_back(twilio, db, clinician):
    give_phone(db, clinician, CLINICIAN_PHONE)  # has a number, but is not on today's rota
    root = twiml(twilio.call("CA106"))
    assert root.find("Dial") is None
    assert "No clinician is able to take calls" in spoken(root)
    assert "tomorrow at 9 am" in spoken(root)
    (call,) = calls(db)
    assert (call.status, call.closed_reason) == ("out_of_hours", "nobody_on_duty")
    assert call.callback_due is not None


@pytest.mark.parametrize("sign", ["bad", None])
def test_a_badly_signed_or_unsigned_webhook_is_refused_and_nothing_is_stored(twilio, db, clinician, sign):
    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    response = twilio.call("CA107", sign=sign)
    assert response.status_code == 403 and "detail" in response.json()
    assert calls(db) == []
    twilio.call("CA108")
    bad_status = twilio.post("/telephony/twilio/status", {"CallSid": "CA108", "CallStatus": "completed",
                                                           "CallDuration": "99"}, sign=sign)
    assert bad_status.status_code == 403
    assert calls(db)[0].duration_seconds is None


def test_a_signature_for_another_path_is_refused(twilio, db, clinician):
    from tests.telephony.conftest import signature

    params = {"CallSid": "CA109", "From": CALLER, "CallStatus": "ringing"}
    response = twilio.client.post("/telephony/twilio/voice", data=params,
                                  headers={"X-Twilio-Signature": signature("/telephony/twilio/keypad", params)})
    assert response.status_code == 403 and calls(db) == []


def test_a_retried_webhook_never_makes_a_second_call(twilio, db, clinician):
    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    first = twilio.call("CA110").text
    again = twilio.call("CA110").text
    assert first == again
    twilio.dial_ended("CA110", 1, "no-answer")
    twilio.dial_ended("CA110", 1, "no-answer")
    twilio.status("CA110", "completed", 40)
    twilio.status("CA110", "completed", 41)
    (call,) = calls(db)
    assert call.status == "missed" and call.duration_seconds == 40


def test_a_caller_who_hangs_up_while_it_rings_is_a_missed_call_with_its_length(twilio, db, clinician):
    put_on_duty(db, MONDAY, (clinician, CLINICIAN_PHONE))
    twilio.call("CA111")
    twilio.status("CA111", "completed", 12)
    (call,) = calls(db)
    assert (call.status, call.duration_seconds) == ("missed", 12)
    assert call.callback_due == datetime(2026, 11, 23, 14, 0, tzinfo=LONDON)


def test_a_withheld_number_cannot_be_offered_a_call_back(twilio, db, clinician, clock):
    clock.set(datetime(2026, 11, 23, 20, 0, tzinfo=LONDON))
    root = twiml(twilio.call("CA112", caller=None))
    assert root.find("Gather") is None and "withheld" in spoken(root)
    (call,) = calls(db)
    assert call.caller_number is None and call.callback_due is None


def test_without_a_provider_configured_the_webhook_paths_do_not_exist(client, db):
    assert client.post("/telephony/twilio/voice", data={"CallSid": "CA1"}).status_code == 404
