"""The complaint and compliment pages: recording, the managers' queue with due-soon and overdue
states, acknowledging and closing from the page, and the role rules."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from tests.voice.helpers import complaint_body, csrf, sign_in


def _record(client, token: str, **changes):
    data = {k: (v or "") for k, v in complaint_body(**changes).items()}
    return client.post("/complaints", data={"csrf_token": token, **data}, follow_redirects=False)


def test_a_clinician_records_a_complaint_and_is_told_when_it_will_be_acknowledged(client, clinician):
    sign_in(client, clinician)
    token = csrf(client, "/complaints/new")
    sent = _record(client, token)
    assert sent.status_code == 303 and sent.headers["location"] == "/complaints/new"
    page = client.get("/complaints/new")
    assert "CMP-2026-00001 recorded: acknowledge it by Thursday 26 November 2026" in page.text
    # Clinicians record complaints but the list is for managers.
    assert client.get("/complaints/CMP-2026-00001").status_code == 403


def test_a_missing_answer_is_shown_beside_its_field_and_nothing_is_lost(client, manager):
    sign_in(client, manager)
    token = csrf(client, "/complaints/new")
    page = _record(client, token, summary="too short", source="")
    assert page.status_code == 422
    assert "Choose who the complaint is from." in page.text and "Waiting time for triage" in page.text
    page = _record(client, token, summary="short")
    assert page.status_code == 422 and "Write at least 10 characters." in page.text
    assert "CMP-2026" not in client.get("/complaints").text


def test_the_managers_queue_shows_due_soon_and_overdue_and_the_life_cycle_runs_from_the_page(client, clock, manager):
    sign_in(client, manager)
    token = csrf(client, "/complaints/new")
    clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=LONDON))  # Wednesday: acknowledge by Mon 23 Nov
    _record(client, token, received_on="2026-11-18", about="Letter sent to an old address")
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=LONDON))  # Friday: acknowledge by Wed 25 Nov
    _record(client, token, received_on="2026-11-20", about="Triage call started late")
    clock.set(datetime(2026, 11, 25, 12, 0, tzinfo=LONDON))  # the second's last day; the first's has passed
    sign_in(client, manager)  # two days on, the morning's session has ended (sessions last 8 hours)
    queue = client.get("/complaints").text
    waiting = queue[queue.index('id="waiting"'):queue.index("Being handled")]
    assert waiting.index("CMP-2026-00001") < waiting.index("CMP-2026-00002")
    assert '<span class="tag tag-overdue">Overdue</span>' in waiting
    assert '<span class="tag tag-due_soon">Due soon</span>' in waiting

    detail = client.get("/complaints/CMP-2026-00002")
    assert detail.status_code == 200 and "acknowledge by Wednesday 25 November 2026" in detail.text
    token = csrf(client, "/complaints/CMP-2026-00002")
    assert client.post("/complaints/CMP-2026-00002/acknowledge", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    assert client.post("/complaints/CMP-2026-00002/investigate", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    bad = client.post("/complaints/CMP-2026-00002/close", data={"csrf_token": token, "outcome": "upheld", "response": ""})
    assert bad.status_code == 422 and "Write at least 10 characters." in bad.text
    done = client.post("/complaints/CMP-2026-00002/close", data={
        "csrf_token": token, "outcome": "upheld", "response": "We apologised and changed how calls are started."})
    assert done.status_code == 200
    assert "Upheld" in done.text and "Investigation started" in done.text and "within the time limit" in done.text
    again = client.post("/complaints/CMP-2026-00002/acknowledge", data={"csrf_token": token})
    assert "cannot be acknowledged now" in again.text
    assert client.post("/complaints/CMP-2026-00001/acknowledge", data={}).status_code == 400  # no CSRF token


def test_practitioners_cannot_open_the_complaint_pages(client, practitioner):
    sign_in(client, practitioner)
    for path in ("/complaints", "/complaints/new", "/compliments", "/feedback/card"):
        assert client.get(path).status_code == 403, path
    token = csrf(client, "/consultations")
    assert _record(client, token).status_code == 403


def test_compliments_are_recorded_in_one_step_and_shown_to_the_team(client, clinician, second_clinician):
    sign_in(client, clinician)
    token = csrf(client, "/compliments")
    sent = client.post("/compliments", data={"csrf_token": token, "received_on": "2026-11-20", "source": "parent",
                                             "about": "Home visits", "summary": "The visits helped us enjoy bath time."},
                       follow_redirects=False)
    assert sent.status_code == 303
    client.post("/signout", data={"csrf_token": csrf(client, "/compliments")})
    sign_in(client, second_clinician)
    page = client.get("/compliments").text
    assert "The visits helped us enjoy bath time." in page and "A parent" in page
