"""The duty rota page: managers set each working day's duty clinicians, clinicians see when they are on,
and what is saved decides who is offered the next request (the frozen clock is Monday 23 November 2026, 10:00)."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from consult.auth.models import User
from consult.consultations import rota
from consult.core.calendar import add_closure
from consult.privacy.audit import AuditEvent
from tests.conftest import screenshot, sign_in

REQUEST = {"consent_confirmed": True, "channel": "web", "district": "Thanet", "urgency": "routine", "concerns": ["not_bonding"],
           "question": "Mother of a four month old feels detached and avoids eye contact with the baby."}


def _sign_in(client, persona) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
    response = client.post("/signin", data={"csrf_token": token, "email": persona.email,
                                            "password": persona.password, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)


def _save(client, token, day: str, *people, week: str = "2026-11-23", follow: bool = False):
    return client.post(f"/duty-rota/{day}", data={"csrf_token": token, "week": week,
                                                  "clinicians": [str(p.id) for p in people]},
                       follow_redirects=follow)


def _offered_to(client, practitioner, manager) -> list[str]:
    """Send a request as the practitioner and read, as the manager, whom its timeline says it was offered to."""
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    timeline = client.get(f"/api/consultations/{reference}", headers=manager.headers).json()["timeline"]
    return [e["detail"] for e in timeline if e["event"] == "offered"]


def test_practitioners_are_refused_and_visitors_are_asked_to_sign_in(client, practitioner):
    assert client.get("/duty-rota", follow_redirects=False).status_code in (302, 303)
    _sign_in(client, practitioner)
    refused = client.get("/duty-rota")
    assert refused.status_code == 403
    assert "Duty rota" not in client.get("/").text  # no nav link either


def test_a_clinician_sees_when_they_are_on_duty_but_no_forms(client, db, clinician, second_clinician):
    rota.set_duty(db=db, day=date(2026, 11, 24), clinicians=[db.get(User, clinician.id)])
    db.commit()
    token = _sign_in(client, clinician)
    assert 'href="/duty-rota"' in client.get("/consultations").text  # reached from the queue, not the nav
    page = client.get("/duty-rota")
    assert page.status_code == 200
    tuesday = page.text.split('id="day-2026-11-24-day"')[1].split("</li>")[0]
    assert "On duty: Priya Castell" in tuesday and "You are on duty" in tuesday
    assert 'action="/duty-rota/' not in page.text and 'type="checkbox"' not in page.text
    assert _save(client, token, "2026-11-24", second_clinician).status_code == 403
    assert [u.name for u in rota.duty_for(db=db, day=date(2026, 11, 24))] == ["Priya Castell"]


def test_a_manager_saves_a_day_and_the_next_request_is_offered_from_it(
        client, db, practitioner, clinician, second_clinician, manager):
    token = _sign_in(client, manager)
    page = client.get("/duty-rota")
    assert 'href="/duty-rota"' in page.text  # the nav link
    assert 'action="/duty-rota/2026-11-23"' in page.text and "Nobody is on duty" in page.text

    saved = _save(client, token, "2026-11-23", second_clinician)
    assert saved.status_code == 303 and saved.headers["location"] == "/duty-rota?week=2026-11-23#day-2026-11-23"
    shown = client.get(saved.headers["location"]).text
    assert "Duty rota saved for Monday 23 November: Tomasz Wren." in shown
    assert _offered_to(client, practitioner, manager) == ["offered to Tomasz Wren"]

    _save(client, token, "2026-11-23", clinician, second_clinician)
    # Tomasz holds one open request now, so the least loaded duty clinician is Priya.
    assert _offered_to(client, practitioner, manager) == ["offered to Priya Castell"]
    _save(client, token, "2026-11-23", clinician)
    assert _offered_to(client, practitioner, manager) == ["offered to Priya Castell"]  # Tomasz is off duty, however light his load

    events = db.scalars(select(AuditEvent).where(AuditEvent.record == "duty-rota:2026-11-23")).all()
    assert [(e.actor_id, e.action) for e in events] == [(manager.id, "update")] * 3


def test_an_empty_day_is_saved_with_a_warning_saying_what_happens_to_requests(client, db, clinician, manager):
    rota.set_duty(db=db, day=date(2026, 11, 25), clinicians=[db.get(User, clinician.id)])
    db.commit()
    token = _sign_in(client, manager)
    shown = _save(client, token, "2026-11-25", follow=True).text
    assert "nobody is on duty" in shown
    wednesday = shown.split('id="day-2026-11-25-day"')[1].split("</li>")[0]
    assert "notice-warning" in wednesday and "will not be offered to anyone" in wednesday
    assert "When nobody is on duty, a new request is offered to no one" in shown
    assert rota.duty_for(db=db, day=date(2026, 11, 25)) == []


def test_a_bad_choice_is_shown_beside_the_day_with_an_error_summary(client, db, practitioner, clinician, manager):
    token = _sign_in(client, manager)
    refused = _save(client, token, "2026-11-24", clinician, practitioner)
    assert refused.status_code == 422
    assert 'class="error-summary"' in refused.text and 'href="#day-2026-11-24"' in refused.text
    tuesday = refused.text.split('id="day-2026-11-24"')[1].split("</fieldset>")[0]
    assert "cannot be on triage duty" in tuesday and "checked" in tuesday  # Priya's tick is kept
    assert rota.duty_for(db=db, day=date(2026, 11, 24)) == []

    past = _save(client, token, "2026-11-20", clinician)
    assert past.status_code == 422 and "has passed" in past.text
    assert client.post("/duty-rota/2026-11-24", data={"clinicians": [str(clinician.id)]}).status_code == 400  # no CSRF
    assert _save(client, token, "not-a-day", clinician).status_code == 404
    assert client.get("/duty-rota?week=soon").status_code == 400


def test_closed_days_say_why_and_weekends_are_left_out(client, db, clinician, manager):
    add_closure(db=db, day=date(2026, 12, 23), reason="Team training day")
    db.commit()
    token = _sign_in(client, manager)
    page = client.get("/duty-rota?week=2026-12-23").text  # any day moves to its week's Monday
    assert "Week beginning Monday 21 December 2026" in page and "Week beginning Monday 28 December 2026" in page
    assert "Closed: Team training day." in page and "Closed: Christmas Day." in page
    assert "Saturday 26 December" not in page and "Sunday 27 December" not in page
    assert 'action="/duty-rota/2026-12-23"' not in page and 'action="/duty-rota/2026-12-22"' in page
    assert 'href="/duty-rota?week=2026-12-14"' in page and 'href="/duty-rota?week=2026-12-28"' in page
    refused = _save(client, token, "2026-12-25", clinician, week="2026-12-21")
    assert refused.status_code == 422 and "not a working day" in refused.text


@pytest.mark.browser
def test_a_manager_sets_the_rota_with_the_keyboard(live_server, page, db, clinician, second_clinician, manager):
    add_closure(db=db, day=date(2026, 11, 27), reason="Team training day")
    rota.set_duty(db=db, day=date(2026, 11, 24), clinicians=[db.get(User, clinician.id)])
    db.commit()
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/duty-rota")
    box = page.locator(f"#day-2026-11-23-c{second_clinician.id}")
    box.focus()
    page.keyboard.press("Space")
    assert box.is_checked()
    page.keyboard.press("Tab")  # Tomasz is the last name listed, so Tab reaches the day's save button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Save Monday 23 November"
    page.keyboard.press("Enter")
    page.wait_for_url("**/duty-rota?week=2026-11-23*")
    assert "Duty rota saved for Monday 23 November: Tomasz Wren." in page.locator(".notice").first.inner_text()
    assert "Closed: Team training day" in page.locator("#day-2026-11-27-day").inner_text()
    screenshot(page, "duty-rota")
    assert [u.name for u in rota.duty_for(db=db, day=date(2026, 11, 23))] == ["Tomasz Wren"]


def test_the_api_and_the_page_record_the_same_audit_event(client, db, clinician, manager):
    assert client.put("/api/duty-rota/2026-11-24", json={"clinicians": [clinician.id]},
                      headers=manager.headers).status_code == 200
    event = db.scalars(select(AuditEvent).where(AuditEvent.record == "duty-rota:2026-11-24")).one()
    assert (event.actor_id, event.actor_label, event.action) == (manager.id, "manager", "update")
    assert "Priya" not in event.detail  # a count, never names


def test_an_admin_can_set_the_rota_too(client, db, clinician, admin):
    token = _sign_in(client, admin)
    assert 'action="/duty-rota/2026-11-24"' in client.get("/duty-rota").text
    assert _save(client, token, "2026-11-24", clinician).status_code == 303
    assert [u.name for u in rota.duty_for(db=db, day=date(2026, 11, 24))] == ["Priya Castell"]
