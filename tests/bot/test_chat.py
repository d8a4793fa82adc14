"""`pimh chat`: the same conversation in the terminal, driven here by a scripted keyboard."""
from __future__ import annotations

from sqlalchemy import select


def _talk(lines: list[str]) -> str:
    from bot.chat import run_chat

    typed = iter(lines)
    said: list[str] = []
    run_chat(ask=lambda prompt: next(typed), say=said.append)
    return "\n".join(said)


def test_chat_answers_a_question_from_the_faq(db):
    out = _talk(["can a parent refer themselves", "quit"])
    assert "Can parents refer themselves?" in out and "From the service's FAQ" in out


def test_chat_carries_an_unanswered_question_into_a_consultation(db, practitioner):
    from consult.consultations.models import Consultation

    question = "what should I suggest when a mum says she cannot stand her baby crying at night"
    out = _talk([
        "what is the capital of france", question, "consult", practitioner.email,
        "", "1,4", "3", "1", "", "n", "y", "quit",
    ])
    assert "I'll carry your question over" in out
    c = db.scalars(select(Consultation)).one()
    assert c.reference in out and "respond by Wednesday 25 November at 10:00" in out
    assert c.summary == question
    assert c.concern_codes == ["negative_thoughts", "not_bonding"] and c.infant_age_months == 3 and c.district == "Thanet"



def test_chat_sends_no_consultation_without_the_parents_agreement(db, practitioner):
    """The fourth channel of the one consent rule (api.md): web, API and Slack refuse it too."""
    from consult.consultations.models import Consultation

    question = "what should I suggest when a mum says she cannot stand her baby crying at night"
    out = _talk([question, "consult", practitioner.email, "", "1,4", "3", "1", "", "n", "n", "quit"])
    refusal = out.split("That was not sent")[1].splitlines()[0]
    assert "the parent knows" in refusal and "consent_confirmed" not in refusal  # words, not the field's code
    assert db.scalars(select(Consultation)).all() == []

def test_chat_gives_emergency_contacts_for_immediate_risk(db):
    out = _talk(["she said she wants to kill herself", "quit"])
    assert "call 999" in out


def test_chat_runs_the_readiness_check_and_stores_nothing(db):
    from faq.models import FaqQuestion

    out = _talk(["check", "1", "2026-05-01", "1", "y", "y", "943 476 5919", "Thanet", "", 
                 "Mum says she feels detached from her baby and struggles to respond when he cries at night.", "n", "quit"])
    assert "[x] Baby's NHS number" in out and "[ok] Lives in the area" in out
    assert db.scalars(select(FaqQuestion)).all() == []


def test_chat_books_a_training_place_shows_it_in_status_and_cancels_it(db, client, practitioner, manager):
    from consult.workforce.models import BookingStatus, TrainingBooking
    from tests.workforce.helpers import course_body

    client.post("/api/training/courses", json=course_body(capacity=2), headers=manager.headers)
    out = _talk(["training", practitioner.email, "1", "quit"])
    made = db.scalars(select(TrainingBooking)).one()
    assert "2 of 2 places left" in out and "Booked: you have a place on" in out and made.reference in out

    out = _talk(["status", practitioner.email, "training", "1", "quit"])
    assert f"(place booked, {made.reference})" in out and "You are not in a supervision group." in out
    assert f"Not booked again: You are already on this course ({made.reference}). `status` lists your places." in out

    out = _talk(["training", practitioner.email, made.reference.lower(), "quit"])
    assert f"Cancelled {made.reference}" in out
    db.expire_all()
    assert db.get(TrainingBooking, made.id).status == BookingStatus.cancelled


def test_chat_books_a_triage_time_logs_it_and_shows_it_in_status(db, practitioner, clinician):
    from datetime import time

    from booking.models import Booking
    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile

    add_weekly_rule(db=db, profile=active_profile(), clinician_id=clinician.id, weekday=1,
                    starts=time(14, 0), ends=time(15, 0), methods=("phone", "video"))
    db.commit()
    out = _talk(["book", practitioner.email, "2", "2",
                 "Talking through a dad who finds it hard to settle his baby at night.", "y", "quit"])
    assert "1. Tue 24 Nov 14:00" in out and "2. Tue 24 Nov 14:30" in out
    made = db.scalars(select(Booking)).one()
    assert (made.method, made.user_id, made.consultation_reference is not None) == ("video", practitioner.id, True)
    assert f"Booked ({made.reference})" in out and "14:30" in out

    out = _talk(["status", practitioner.email, "quit"])
    assert f"Triage booking {made.reference}: Tuesday 24 November at 14:30." in out
    assert f"Request {made.consultation_reference}" in out  # the booking is logged as a consultation


def test_chat_says_when_no_triage_time_is_free(db, practitioner):
    out = _talk(["book", practitioner.email, "quit"])
    assert "There are no free triage times" in out and "consult" in out


def test_chat_names_the_closest_entry_for_a_question_in_the_did_you_mean_band(db):
    # Issue 22, fourth pass: a tuning-set question the FAQ is not sure of (0.5-0.7) is declined,
    # with the closest entry named and the consultation still offered.
    out = _talk(["do you confirm receipt of referrals", "what is the capital of france", "quit"])
    first, second = out.split("I'll carry your question over", 1)
    assert "Did you mean: How long until a referral or consultation request is acknowledged?" in first
    assert "Did you mean" not in second
