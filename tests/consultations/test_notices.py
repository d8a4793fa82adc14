"""What people are told when a request arrives: reference and times, never family details."""
from __future__ import annotations

from datetime import date

from consult.auth.models import User
from consult.consultations import rota, service
from consult.consultations.commands import ConsultationRequest

SUMMARY = "Mum of a 3 month old feels low and says the baby does not like her; health visitor worried."


def test_a_new_request_is_acknowledged_and_offered_to_the_least_loaded_duty_clinician(
        db, practitioner, clinician, second_clinician, notices):
    priya, tomasz = db.get(User, clinician.id), db.get(User, second_clinician.id)
    rota.set_duty(db=db, day=date(2026, 11, 23), clinicians=[priya, tomasz])
    jo = db.get(User, practitioner.id)
    first = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet",
            preferred_contact="phone", callback_phone="07700 900456"))
    service.claim(db=db, consultation=first, clinician=priya)
    second = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="slack", summary=SUMMARY, district="Thanet"))
    db.commit()
    assert first.offered_to_id == priya.id  # tie: rota order
    assert second.offered_to_id == tomasz.id  # Priya now holds one open request
    (ack, _) = [n for n in notices.sent if n.kind == "acknowledgement"]
    assert ack.recipient.name == "Jo Pellow" and first.reference in ack.text and "Wednesday 25 November at 10:00" in ack.text
    triage = [n for n in notices.sent if n.audience == "triage"]
    assert [n.reference for n in triage] == [first.reference, second.reference]
    assert [n.recipient.name for n in notices.to("Tomasz Wren")] == ["Tomasz Wren"]
    assert not any("07700" in n.text or "07700" in str(n.data) for n in notices.sent)


def test_without_a_duty_rota_the_request_waits_in_the_queue_unoffered(db, practitioner, notices):
    consultation = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.commit()
    assert consultation.offered_to_id is None
    assert sorted(notices.kinds()) == ["acknowledgement", "new_request"]


def test_a_booking_joins_its_consultation_instead_of_making_a_second(db, practitioner):
    jo = db.get(User, practitioner.id)
    made = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="phone", summary=SUMMARY, district="Thanet",
            booking_reference="TRI-2026-0001"))
    joined = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="phone", summary=SUMMARY, district="Thanet",
            booking_reference="TRI-2026-0001"))
    assert joined.id == made.id


def test_a_failing_transport_does_not_stop_the_others(db, practitioner, notices):
    from consult import notify

    class Broken:
        name = "broken"

        def send(self, notice):
            raise ConnectionError("smtp down")

    notify.register_notifier(Broken())
    try:
        service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
                consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
        db.commit()
    finally:
        notify.unregister_notifier("broken")
    assert "acknowledgement" in notices.kinds()


def test_notices_wait_for_the_real_commit_when_a_savepoint_is_released(db, practitioner, notices):
    consultation = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    with db.begin_nested():
        pass  # releasing a savepoint is not the commit that makes the request visible
    assert notices.sent == []
    db.commit()
    assert consultation.reference in {n.reference for n in notices.sent}


def test_rolling_back_a_savepoint_drops_only_the_notices_queued_inside_it(db, practitioner, notices):
    jo = db.get(User, practitioner.id)
    kept = service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    savepoint = db.begin_nested()
    service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Dover"))
    savepoint.rollback()
    db.commit()
    assert {n.reference for n in notices.sent} == {kept.reference}
