"""The six-month follow-up call, recorded from the clinician's referral page: a CSRF form with an
optional non-identifying note; the timeline shows the call and the clinicians' queue lets it go."""
from __future__ import annotations

from datetime import datetime

import httpx

from consult.clock import LONDON
from tests.conftest import screenshot, sign_in
from tests.referrals.helpers import body, submit, triage
from tests.referrals.test_pages import _sign_in
from tests.referrals.test_pathway_pages import LETTER

NOTE = "Relationship going well, no further support needed."


def _closed(client, practitioner, clinician) -> str:
    """A referral closed on Monday 23 November 2026, so its call is due on Sunday 23 May 2027."""
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    for step, payload in (("assessment", {"date": "2026-11-23"}), ("intervention-start", {"date": "2026-11-23"}),
                          ("close", {"letter": LETTER})):
        response = client.post(f"/api/referrals/{reference}/{step}", json=payload, headers=clinician.headers)
        assert response.status_code == 200, response.text
    return reference


def _post(client, token: str, reference: str, **fields):
    return client.post(f"/referrals/{reference}/follow-up", data={"csrf_token": token, **fields}, follow_redirects=False)


def _timeline(text: str) -> str:
    return text[text.index("<h2>Timeline</h2>"):]


def test_a_due_call_is_recorded_with_a_note_and_leaves_the_clinicians_queue(client, clock, practitioner, clinician):
    reference = _closed(client, practitioner, clinician)
    clock.set(datetime(2027, 5, 24, 9, 30, tzinfo=LONDON))  # the day after it fell due
    token = _sign_in(client, clinician)
    queue = client.get("/consultations").text
    assert reference in queue and "Follow-up call" in queue
    assert f'href="/referrals/{reference}#follow-up"' in queue  # straight to the form
    page = client.get(f"/referrals/{reference}").text
    assert f'action="/referrals/{reference}/follow-up"' in page and "Overdue" in page and "23 May 2027" in page

    named = _post(client, token, reference, note="Spoke to mum Sarah, all well.")
    assert named.status_code == 422 and 'href="#note"' in named.text and 'id="note-error"' in named.text
    assert "contains a name" in named.text and 'value="Spoke to mum Sarah, all well."' in named.text
    numbered = _post(client, token, reference, note="Called 01632 960 123, all well.")
    assert numbered.status_code == 422 and "a phone number" in numbered.text
    assert reference in client.get("/consultations").text  # nothing was recorded

    done = _post(client, token, reference, note=NOTE)
    assert done.status_code == 303 and done.headers["location"] == f"/referrals/{reference}"
    page = client.get(done.headers["location"]).text
    assert f"Follow-up call recorded for {reference}" in page
    assert "Follow-up call made" in _timeline(page) and NOTE in _timeline(page) and "before it was due" not in page
    assert 'name="note"' not in page and "Recorded Mon 24 May " in page
    assert reference not in client.get("/consultations").text

    again = _post(client, token, reference, note=NOTE)
    assert again.status_code == 303
    assert "has no follow-up call waiting" in client.get(f"/referrals/{reference}").text
    events = client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["timeline"]
    assert [e["detail"] for e in events if e["kind"] == "follow_up_call"] == [f"six-month follow-up call made; note: {NOTE}"]


def test_a_call_made_before_it_is_due_can_be_recorded_early_and_the_timeline_says_how_early(client, practitioner, clinician):
    reference = _closed(client, practitioner, clinician)
    token = _sign_in(client, clinician)
    page = client.get(f"/referrals/{reference}").text
    assert "The call is due on 23 May 2027" in page and "you can record it now" in page
    assert _post(client, token, reference, note="").status_code == 303
    page = client.get(f"/referrals/{reference}").text
    assert "six-month follow-up call made, 181 days before it was due" in _timeline(page)
    client.cookies.clear()
    _sign_in(client, practitioner)
    mine = client.get(f"/referrals/{reference}").text  # the referrer's masked page says the call was made
    assert "Six-month follow-up call" in mine and "Made 23 November 2026" in mine and "181 days" not in mine


def test_only_a_clinician_can_record_the_call_and_only_with_the_csrf_token(client, practitioner, clinician, outsider):
    reference = _closed(client, practitioner, clinician)
    token = _sign_in(client, practitioner)
    mine = client.get(f"/referrals/{reference}").text
    assert "Due 23 May 2027" in mine and 'name="note"' not in mine
    assert _post(client, token, reference, note=NOTE).status_code == 403
    client.cookies.clear()
    token = _sign_in(client, clinician)
    assert client.post(f"/referrals/{reference}/follow-up", data={"note": NOTE}).status_code == 400
    assert _post(client, token, "REF-2026-09999", note=NOTE).status_code == 404
    assert _post(client, token, reference, note="x" * 301).status_code == 422
    events = client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()["timeline"]
    assert "follow_up_call" not in [e["kind"] for e in events]


def test_the_follow_up_call_is_recorded_with_the_keyboard_in_the_browser(live_server, page, clock, practitioner, clinician):
    api = httpx.Client(base_url=live_server, timeout=10)
    reference = api.post("/api/referrals", json=body(), headers=practitioner.headers).json()["reference"]
    triage(api, clinician, reference)
    for step, payload in (("assessment", {"date": "2026-11-23"}), ("close", {"letter": LETTER})):
        assert api.post(f"/api/referrals/{reference}/{step}", json=payload, headers=clinician.headers).status_code == 200
    clock.set(datetime(2027, 5, 24, 9, 30, tzinfo=LONDON))
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/referrals/{reference}#follow-up")
    page.focus("#note")
    page.keyboard.type("Mum Rosa says things are better.")
    page.keyboard.press("Enter")  # a one-line field submits its form
    page.wait_for_selector(".error-summary")
    assert "contains a name" in page.inner_text("#note-error")
    page.click(".error-summary a[href='#note']")
    assert page.evaluate("document.activeElement.id") == "note"
    page.fill("#note", "")
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Record the follow-up call"
    screenshot(page, "referral-follow-up-form")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"text=Follow-up call recorded for {reference}")
    assert NOTE in page.inner_text(".timeline") and page.locator("#note").count() == 0
    screenshot(page, "referral-follow-up-recorded")
