"""Missed calls on the clinicians' queue (due times across a weekend, due soon and overdue like
requests, escalated like them), the screen-pop, recording a call-back, the call log filled in from
an answered call, the calls API and the work phone on the web and the API."""
from __future__ import annotations

import re
from datetime import date, datetime

from consult.clock import LONDON
from consult.consultations.commands import ConsultationRequest
from tests.telephony.conftest import CALLER, CLINICIAN_PHONE, calls, give_phone, put_on_duty

FRIDAY = date(2026, 11, 27)


def _csrf(client, path: str = "/signin") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def sign_in(client, persona) -> str:
    client.post("/signin", data={"csrf_token": _csrf(client), "email": persona.email, "password": persona.password,
                                 "next": "/"}, follow_redirects=False)
    return _csrf(client)


def _missed_on_friday_afternoon(twilio, db, clock, clinician, practitioner, sid="CA200"):
    clock.set(datetime(2026, 11, 27, 16, 10, tzinfo=LONDON))
    put_on_duty(db, FRIDAY, (clinician, CLINICIAN_PHONE))
    give_phone(db, practitioner, "07700 900123")  # the practitioner's work mobile, typed as people type it
    twilio.call(sid, caller=CALLER)
    twilio.dial_ended(sid, 1, "no-answer")
    (call,) = calls(db)
    return call


def test_a_missed_call_on_friday_afternoon_is_due_on_monday_and_shows_who_called(twilio, db, clock, clinician,
                                                                                 practitioner):
    call = _missed_on_friday_afternoon(twilio, db, clock, clinician, practitioner)
    # Four working hours: 50 minutes on Friday, then Monday from 9:00 to 12:10.
    assert call.callback_due == datetime(2026, 11, 30, 12, 10, tzinfo=LONDON)
    clock.set(datetime(2026, 11, 30, 9, 5, tzinfo=LONDON))
    sign_in(twilio.client, clinician)
    queue = twilio.client.get("/consultations").text
    assert call.reference in queue and "Call-back" in queue
    assert "From Jo Pellow (Health visitor)" in queue and "Mon 30 Nov 12:10" in queue
    assert "900123" not in queue  # the number itself is not on the queue
    clock.set(datetime(2026, 11, 30, 12, 30, tzinfo=LONDON))
    assert 'class="state-overdue"' in twilio.client.get("/consultations").text


def test_the_screen_pop_lists_the_callers_open_requests_while_the_phone_rings(twilio, db, clinician, practitioner):
    from consult.auth.models import User
    from consult.consultations import service

    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    give_phone(db, practitioner, CALLER)
    request = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            channel="web", district="Thanet",
            summary="Mother of a five month old says she feels like a stranger to her baby.",
            consent_confirmed=True))
    db.commit()
    twilio.call("CA201")
    sign_in(twilio.client, clinician)
    queue = twilio.client.get("/consultations").text
    assert "Calling now" in queue and "From Jo Pellow" in queue and request.reference in queue


def test_a_clinician_records_the_call_back_and_it_leaves_the_queue(twilio, db, clock, clinician, practitioner):
    call = _missed_on_friday_afternoon(twilio, db, clock, clinician, practitioner)
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=LONDON))
    token = sign_in(twilio.client, clinician)
    page = twilio.client.get(f"/telephony/calls/{call.id}").text
    assert "07700 900123" in page and "tel:+447700900123" in page  # clinicians see the number to call back
    refused = twilio.client.post(f"/telephony/calls/{call.id}/callback", data={"csrf_token": token})
    assert refused.status_code == 422 and "choose what happened" in refused.text.lower()
    done = twilio.client.post(f"/telephony/calls/{call.id}/callback", data={"csrf_token": token, "outcome": "spoke"})
    assert done.status_code == 200 and f"Call-back for {call.reference} recorded" in done.text
    assert call.reference not in twilio.client.get("/consultations").text
    (stored,) = calls(db)
    assert stored.callback_within_target is True and stored.called_back_by_id == clinician.id
    again = twilio.client.post(f"/api/telephony/calls/{call.id}/callback", json={"outcome": "spoke"},
                               headers=clinician.headers)
    assert again.status_code == 409


def test_practitioners_cannot_see_calls(twilio, db, clinician, practitioner):
    twilio.call("CA202")
    assert twilio.client.get("/api/telephony/calls", headers=practitioner.headers).status_code == 403
    sign_in(twilio.client, practitioner)
    assert twilio.client.get(f"/telephony/calls/{calls(db)[0].id}").status_code == 403


def test_the_calls_api_lists_calls_by_status_and_every_read_is_audited(twilio, db, clinician, practitioner, clock):
    from sqlalchemy import select

    from consult.privacy.audit import AuditEvent

    give_phone(db, practitioner, CALLER)
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=LONDON))
    twilio.call("CA203")
    body = twilio.client.get("/api/telephony/calls?status=out_of_hours", headers=clinician.headers).json()
    (call,) = body["calls"]
    assert call["status"] == "out_of_hours" and call["caller"] == {"matched": True, "name": "Jo Pellow"}
    assert call["callback_due"] == "2026-11-24T13:00:00+00:00" and call["consultation_reference"] is None
    assert set(call) == {"id", "started_at", "status", "caller", "callback_due", "consultation_reference"}
    assert twilio.client.get("/api/telephony/calls?status=answered", headers=clinician.headers).json() == {"calls": []}
    assert twilio.client.get("/api/telephony/calls?status=lost", headers=clinician.headers).status_code == 422
    reads = db.scalars(select(AuditEvent).where(AuditEvent.record == "CALL-000001", AuditEvent.action == "read")).all()
    assert [r.actor_id for r in reads] == [clinician.id]


def test_an_answered_call_opens_the_call_log_filled_in_and_the_consultation_is_linked(twilio, db, clinician,
                                                                                       practitioner):
    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    give_phone(db, practitioner, CALLER)
    twilio.call("CA204")
    twilio.dial_ended("CA204", 1, "completed", duration=312)
    twilio.status("CA204", "completed", 330)
    call = calls(db)[0]
    token = sign_in(twilio.client, clinician)
    assert "Log the call" in twilio.client.get("/consultations").text
    form = twilio.client.get(f"/consultations/log-call?call={call.id}").text
    assert 'value="Jo Pellow"' in form and 'value="jo.pellow@nhs.net"' in form
    assert "Mon 23 Nov 10:00" in form and "5 min 12 s" in form
    logged = twilio.client.post("/consultations/log-call", data={
        "csrf_token": token, "call_id": str(call.id), "name": "Jo Pellow", "email": "jo.pellow@nhs.net",
        "role": "Health visitor", "organisation_type": "health_visiting", "district": "Thanet", "channel": "phone",
        "question": "Mother of a five month old says she feels like a stranger to her baby.",
        "advice": "Talked through watching and wondering together; offered a follow-up.",
        "recommendation": "universal_targeted_offer", "thrive": "getting_advice"})
    assert logged.status_code == 200, logged.text
    reference = re.search(r"Consultation (PIMH-\d{4}-\d{5}) logged", logged.text).group(1)
    api = twilio.client.get("/api/telephony/calls", headers=clinician.headers).json()["calls"][0]
    assert api["consultation_reference"] == reference and api["status"] == "answered"
    assert "Log the call" not in twilio.client.get("/consultations").text


def test_overdue_call_backs_are_escalated_once_like_overdue_requests(twilio, db, clock, clinician, practitioner,
                                                                      manager, notices):
    from consult.consultations.jobs import escalate

    call = _missed_on_friday_afternoon(twilio, db, clock, clinician, practitioner)
    clock.set(datetime(2026, 11, 30, 12, 15, tzinfo=LONDON))
    put_on_duty(db, date(2026, 11, 30), (clinician, None))
    assert escalate(db=db, now=clock.now()) > 0
    db.commit()
    overdue = [n for n in notices.sent if n.reference == call.reference]
    assert {n.recipient.name for n in overdue if n.recipient} == {"Priya Castell", "Helen Marsh"}
    assert all("900123" not in n.text and "Jo Pellow" not in n.text for n in overdue)
    before = len(notices.sent)
    escalate(db=db, now=clock.now())
    db.commit()
    assert len(notices.sent) == before


def test_the_work_phone_is_set_on_the_web_and_the_api_and_stored_encrypted(twilio, db, clinician, database_url):
    from sqlalchemy import text

    token = sign_in(twilio.client, clinician)
    bad = twilio.client.post("/account/work-phone", data={"csrf_token": token, "work_phone": "call me"})
    assert bad.status_code == 422 and "enter a phone number" in bad.text.lower()
    saved = twilio.client.post("/account/work-phone", data={"csrf_token": token, "work_phone": "01632 960456"})
    assert "Work phone saved as +441632960456" in saved.text
    api = twilio.client.put("/api/account/work-phone", json={"work_phone": "+44 7700 900456"}, headers=clinician.headers)
    assert api.json() == {"work_phone": "+447700900456"}
    assert twilio.client.get("/api/account/work-phone", headers=clinician.headers).json() == {"work_phone": "+447700900456"}
    assert twilio.client.put("/api/account/work-phone", json={"work_phone": "x"}, headers=clinician.headers).status_code == 422
    raw = db.execute(text("SELECT number FROM work_phones")).scalar_one()
    assert "900456" not in raw
