"""Escalation, feedback prompt and digest jobs with a frozen clock: each notice goes out once."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import rota, service
from consult.consultations.commands import ConsultationRequest
from consult.consultations.models import Consultation
from consult.jobs import load_jobs, run_job

SUMMARY = "Father of a newborn feels overwhelmed and is unsure how to comfort the baby at night."


def _request(db, persona, urgency="routine") -> Consultation:
    user = db.get(User, persona.id)
    consultation = service.create_consultation(db=db, practitioner=user, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet",
            urgency=urgency))
    db.commit()
    return consultation


def _refresh(db, reference: str) -> Consultation:
    db.expire_all()
    return db.scalar(select(Consultation).where(Consultation.reference == reference))


def test_the_jobs_are_registered_with_the_worker():
    jobs = load_jobs()
    assert jobs["consultations.escalate"].trigger == ("cron", {"day_of_week": "mon-fri", "hour": "9-16", "minute": "*/15"})
    assert jobs["consultations.digest"].trigger[1]["hour"] == 9


def test_an_unclaimed_request_escalates_to_the_duty_clinicians_at_75_percent_and_once_only(
        db, clock, practitioner, clinician, second_clinician, notices):
    # Tuesday's rota, when the due-soon point falls; Tomasz is not on duty that day.
    rota.set_duty(db=db, day=date(2026, 11, 24), clinicians=[db.get(User, clinician.id)])
    reference = _request(db, practitioner).reference
    notices.sent.clear()

    clock.set(datetime(2026, 11, 24, 13, 45, tzinfo=LONDON))  # before the due-soon point (Tue 14:00)
    assert run_job("consultations.escalate")["escalations"] == 0
    clock.set(datetime(2026, 11, 24, 14, 0, tzinfo=LONDON))
    assert run_job("consultations.escalate")["escalations"] == 2  # triage channel + the duty clinician
    assert {n.recipient.name for n in notices.sent if n.recipient} == {"Priya Castell"}
    assert all("due soon" in n.text and reference in n.text for n in notices.sent)
    assert run_job("consultations.escalate")["escalations"] == 0  # a second run sends nothing twice
    assert len(notices.sent) == 2
    assert _refresh(db, reference).due_soon_escalated_at is not None


def test_an_overdue_claimed_request_escalates_to_its_clinician_and_the_managers(
        db, clock, practitioner, clinician, manager, notices):
    consultation = _request(db, practitioner)
    service.claim(db=db, consultation=consultation, clinician=db.get(User, clinician.id))
    db.commit()
    notices.sent.clear()
    clock.set(datetime(2026, 11, 25, 10, 15, tzinfo=LONDON))  # past Wednesday 10:00
    run_job("consultations.escalate")
    assert {n.recipient.name for n in notices.sent if n.recipient} == {"Priya Castell", "Helen Marsh"}
    assert all("passed its time limit" in n.text for n in notices.sent)
    run_job("consultations.escalate")
    assert len([n for n in notices.sent if n.kind == "escalation"]) == 3
    timeline = [e.kind for e in _refresh(db, consultation.reference).events]
    assert timeline.count("escalated_overdue") == 1 and "escalated_due_soon" not in timeline


def test_escalation_waits_for_working_hours(db, clock, practitioner, notices):
    _request(db, practitioner)
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=LONDON))  # Saturday: overdue, but nobody is working
    assert run_job("consultations.escalate")["escalations"] == 0
    clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=LONDON))
    assert run_job("consultations.escalate")["escalations"] > 0


def test_advised_requests_never_escalate(db, clock, practitioner, clinician, notices):
    consultation = _request(db, practitioner)
    service.record_advice(db=db, consultation=consultation, clinician=db.get(User, clinician.id),
                          advice="Talk through the baby's cues together and arrange a follow-up call.",
                          recommendation="universal_targeted_offer", thrive="getting_advice")
    db.commit()
    clock.set(datetime(2026, 11, 26, 10, 0, tzinfo=LONDON))
    assert run_job("consultations.escalate")["escalations"] == 0


def test_the_practitioner_is_asked_for_feedback_an_hour_after_advice_once(db, clock, practitioner, clinician, notices):
    consultation = _request(db, practitioner)
    service.record_advice(db=db, consultation=consultation, clinician=db.get(User, clinician.id),
                          advice="Talk through the baby's cues together and arrange a follow-up call.",
                          recommendation="universal_targeted_offer", thrive="getting_advice")
    db.commit()
    assert run_job("consultations.escalate")["feedback_prompts"] == 0
    clock.advance(timedelta(hours=1))
    assert run_job("consultations.escalate")["feedback_prompts"] == 1
    assert run_job("consultations.escalate")["feedback_prompts"] == 0
    prompt = [n for n in notices.sent if n.kind == "feedback_prompt"]
    assert len(prompt) == 1 and prompt[0].link.endswith(f"/consultations/{consultation.reference}/feedback")
    assert SUMMARY[:20] not in prompt[0].text


def test_the_morning_digest_goes_to_each_duty_clinician_once_a_day(db, clock, practitioner, clinician, second_clinician, notices):
    rota.set_duty(db=db, day=date(2026, 11, 24), clinicians=[db.get(User, clinician.id)])
    _request(db, practitioner, urgency="urgent")
    _request(db, practitioner)
    notices.sent.clear()
    clock.set(datetime(2026, 11, 24, 9, 0, tzinfo=LONDON))
    assert run_job("consultations.digest") == {"digests": 1}
    assert run_job("consultations.digest") == {"digests": 0}
    (digest,) = [n for n in notices.sent if n.kind == "digest"]
    assert digest.recipient.name == "Priya Castell"
    assert "2 open consultation requests" in digest.text and "2 unclaimed" in digest.text
    assert digest.text.index("urgent") < digest.text.index("routine")


def test_no_digest_on_a_bank_holiday(db, clock, clinician, notices):
    clock.set(datetime(2026, 12, 25, 9, 0, tzinfo=LONDON))
    assert run_job("consultations.digest") == {"digests": 0}


def test_notices_are_not_sent_when_the_request_is_rolled_back(db, practitioner, notices):
    service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.rollback()
    assert notices.sent == []
