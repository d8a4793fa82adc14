"""The consultation pages through the real app: forms with CSRF, errors next to fields, roles."""
from __future__ import annotations

import re

from consult.auth.models import User
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest

SUMMARY = "Mother of a five month old says she feels like a stranger to her baby and avoids playing."


def _csrf(client) -> str:
    page = client.get("/signin").text
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client, persona) -> str:
    token = _csrf(client)
    response = client.post("/signin", data={"csrf_token": token, "email": persona.email,
                                            "password": persona.password, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303
    return _csrf(client)


def _request(db, persona, **changes):
    made = service.create_consultation(db=db, practitioner=db.get(User, persona.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet",
            **changes))
    db.commit()
    return made


def test_a_practitioner_sends_a_request_from_the_web_form_and_sees_its_reference(client, practitioner):
    token = _sign_in(client, practitioner)
    form = client.get("/consultations/new")
    assert form.status_code == 200 and 'name="csrf_token"' in form.text and "Do not name the family" in form.text
    sent = client.post("/consultations/new", data={"consent_confirmed": "yes", 
        "csrf_token": token, "question": SUMMARY, "district": "Thanet", "concerns": ["not_bonding", "trauma"],
        "infant_age_months": "5", "urgency": "routine", "preferred_contact": "chat"})
    assert sent.status_code == 200 and "PIMH-2026-00001" in sent.text
    assert "Wednesday 25 November at 10:00" in sent.text
    assert "Parent is not bonding with the baby" in sent.text
    mine = client.get("/consultations")
    assert "My consultation requests" in mine.text and "PIMH-2026-00001" in mine.text


def test_a_bad_request_form_shows_errors_next_to_the_fields_and_keeps_what_was_typed(client, practitioner):
    token = _sign_in(client, practitioner)
    response = client.post("/consultations/new", data={"consent_confirmed": "yes", 
        "csrf_token": token, "question": "Too short", "district": "Thanet", "urgency": "routine",
        "preferred_contact": "chat"})
    assert response.status_code == 422
    assert "There is a problem" in response.text and 'href="#question"' in response.text
    assert 'class="error-message" id="question-error"' in response.text and "Too short</textarea>" in response.text


def test_forms_without_the_csrf_token_are_refused(client, practitioner):
    _sign_in(client, practitioner)
    response = client.post("/consultations/new", data={"consent_confirmed": "yes", "question": SUMMARY, "district": "Thanet"})
    assert response.status_code == 400


def test_the_clinicians_queue_puts_urgent_first_and_shows_time_left(client, db, practitioner, clinician):
    routine = _request(db, practitioner)
    urgent = _request(db, practitioner, urgency="urgent")
    _sign_in(client, clinician)
    page = client.get("/consultations").text
    assert "Consultation queue" in page and "2 open requests" in page
    assert page.index(urgent.reference) < page.index(routine.reference)
    assert "16 working hours left" in page


def test_a_clinician_claims_advises_and_the_practitioner_reads_it_and_gives_feedback(client, db, practitioner, clinician):
    made = _request(db, practitioner)
    token = _sign_in(client, clinician)
    claimed = client.post(f"/consultations/{made.reference}/claim", data={"csrf_token": token})
    assert "You have claimed" in claimed.text
    bad = client.post(f"/consultations/{made.reference}/advice", data={
        "csrf_token": token, "advice": "Offer a joint visit and notice moments of connection together.",
        "recommendation": "universal_targeted_offer", "thrive": "getting_help", "score_severity": "3"})
    assert bad.status_code == 422 and "four domain scores" in bad.text
    empty = client.post(f"/consultations/{made.reference}/advice", data={"csrf_token": token})
    assert empty.status_code == 422
    assert all(f'href="#{field}"' in empty.text for field in ("advice", "recommendation", "thrive"))
    done = client.post(f"/consultations/{made.reference}/advice", data={
        "csrf_token": token, "advice": "Offer a joint visit and notice moments of connection together.",
        "recommendation": "universal_targeted_offer", "thrive": "getting_help", "score_severity": "3",
        "score_relationship": "4", "score_protection": "2", "score_parent_mental_health": "3",
        "learning_needs": "Infant cues"})
    assert done.status_code == 200 and "recorded" in done.text
    client.post("/signout", data={"csrf_token": token})

    token = _sign_in(client, practitioner)
    detail = client.get(f"/consultations/{made.reference}").text
    assert "Offer a joint visit" in detail and "Cluster" in detail and "Tell us how the advice helped" in detail
    thanks = client.post(f"/consultations/{made.reference}/feedback", data={
        "csrf_token": token, "helpfulness": "5", "confidence_before": "2", "confidence_after": "4"})
    assert "Thank you" in thanks.text and "confidence 2 before and 4 after" in thanks.text


def test_another_practitioner_gets_page_not_found(client, db, practitioner, outsider):
    made = _request(db, practitioner)
    _sign_in(client, outsider)
    response = client.get(f"/consultations/{made.reference}", headers={"Accept": "text/html"})
    assert response.status_code == 404 and SUMMARY not in response.text


def test_practitioners_cannot_reach_the_call_log_or_advice_form(client, db, practitioner):
    made = _request(db, practitioner)
    _sign_in(client, practitioner)
    assert client.get("/consultations/log-call").status_code == 403
    assert client.get(f"/consultations/{made.reference}/advice").status_code == 403


def test_a_clinician_logs_a_phone_call_in_one_step(client, clinician):
    token = _sign_in(client, clinician)
    response = client.post("/consultations/log-call", data={
        "csrf_token": token, "name": "Ola Brandt", "email": "ola.brandt@kent.gov.uk", "role": "Early Help worker",
        "organisation_type": "early_help", "district": "Swale", "channel": "phone",
        "question": "Father worried he cannot soothe his six week old and feels useless.",
        "concerns": ["infant_distress_signs"], "infant_age_months": "1", "urgency": "routine",
        "advice": "Talked through soothing and cue reading; suggested the local dads' group and a follow-up visit.",
        "recommendation": "universal_targeted_offer", "thrive": "getting_advice"})
    assert response.status_code == 200 and "logged" in response.text
    assert "Ola Brandt" in response.text and "Consultation held and logged" in response.text


def test_the_call_log_form_explains_a_missing_email(client, clinician):
    token = _sign_in(client, clinician)
    response = client.post("/consultations/log-call", data={"csrf_token": token, "name": "Ola Brandt"})
    assert response.status_code == 422 and 'id="email-error"' in response.text and 'id="district-error"' in response.text
