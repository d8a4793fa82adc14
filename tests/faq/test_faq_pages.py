"""FAQ pages without JavaScript: the public search page, feedback forms and the manager's pages."""
from __future__ import annotations

import re

from sqlalchemy import select

from faq.models import FaqEntry, FaqFeedback


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, persona) -> None:
    page = client.get("/signin")
    client.post("/signin", data={"email": persona.email, "password": persona.password, "csrf_token": _csrf(page.text)})


def test_the_faq_page_lists_every_question_before_a_search(client):
    page = client.get("/faq")
    assert page.status_code == 200
    assert 'method="get" action="/faq"' in page.text and '<label for="q">' in page.text
    assert "How long until a referral or consultation request is acknowledged?" in page.text


def test_a_search_shows_the_answer_its_source_and_feedback_buttons(client):
    page = client.get("/faq", params={"q": "are you closed on bank holidays"})
    assert "Are you closed on bank holidays?" in page.text
    assert "Where this comes from:" in page.text
    assert 'name="helpful" value="yes"' in page.text and 'name="csrf_token"' in page.text


def test_a_declined_search_offers_a_consultation_with_the_question_carried_over(client):
    page = client.get("/faq", params={"q": "how do I fix the printer"})
    assert "not sure we have the answer" in page.text
    assert "/consultations/new?question=how+do+I+fix+the+printer" in page.text


def test_a_risk_search_gives_the_urgent_route_instead_of_an_answer(client):
    page = client.get("/faq", params={"q": "mum said she wants to die"})
    assert "This needs a person" in page.text and "999" in page.text


def test_feedback_from_the_page_is_stored_and_thanked(client, db):
    page = client.get("/faq", params={"q": "Is an interpreter available?"})
    question_id = re.search(r'name="question_id" value="(\d+)"', page.text).group(1)
    response = client.post("/faq/feedback", data={"csrf_token": _csrf(page.text), "entry_id": "interpreters",
                                                   "helpful": "no", "question_id": question_id,
                                                   "q": "Is an interpreter available?"})
    assert response.status_code == 200 and "Thank you for telling us" in response.text
    assert "/consultations/new?question=" in response.text
    row = db.scalars(select(FaqFeedback)).one()
    assert (row.entry_id, row.helpful, row.question_id) == ("interpreters", False, int(question_id))


def test_feedback_without_the_csrf_token_is_refused(client, db):
    client.get("/faq")
    response = client.post("/faq/feedback", data={"entry_id": "interpreters", "helpful": "yes"})
    assert response.status_code == 400
    assert db.scalars(select(FaqFeedback)).first() is None


def test_the_manage_page_needs_a_manager(client, practitioner):
    assert client.get("/faq/manage", follow_redirects=False).status_code == 303
    _sign_in(client, practitioner)
    assert client.get("/faq/manage").status_code == 403


def test_a_manager_sees_the_redacted_unanswered_log_and_feedback_counts(client, manager):
    client.post("/api/faq/answer", json={"question": "Can baby Oliver get a free cot? Call 07700 900123"})
    client.post("/api/faq/feedback", json={"entry_id": "consent", "helpful": True})
    _sign_in(client, manager)
    page = client.get("/faq/manage")
    assert page.status_code == 200
    assert "baby [name]" in page.text and "[phone]" in page.text
    assert "Oliver" not in page.text and "07700" not in page.text
    row = re.search(r"Do I need consent before referring\?.*?</tr>", page.text, re.S).group(0)
    assert re.findall(r"<td>(\d+)</td>", row) == ["1", "0"]


def test_a_manager_edits_an_entry_and_the_faq_answers_with_the_new_text(client, manager, db):
    _sign_in(client, manager)
    form = client.get("/faq/manage/bank-holidays")
    assert form.status_code == 200 and 'id="body"' in form.text
    row = db.get(FaqEntry, "bank-holidays")
    data = {"csrf_token": _csrf(form.text), "title": row.title, "phrasings": "\n".join(row.phrasings),
            "tags": ", ".join(row.tags), "owner": row.owner, "source": row.source,
            "body": "Yes, closed on bank holidays. The team also closes on the last Friday of December."}
    response = client.post("/faq/manage/bank-holidays", data=data)
    assert response.status_code == 200 and "Saved" in response.text
    answer = client.post("/api/faq/answer", json={"question": "Are you closed on bank holidays?"}).json()
    assert "last Friday of December" in answer["answer"]


def test_an_edit_with_a_bad_placeholder_shows_the_error_next_to_the_field(client, manager, db):
    _sign_in(client, manager)
    form = client.get("/faq/manage/consent")
    row = db.get(FaqEntry, "consent")
    response = client.post("/faq/manage/consent", data={
        "csrf_token": _csrf(form.text), "title": row.title, "phrasings": "", "tags": "consent", "owner": row.owner,
        "source": row.source, "body": "Within {{ time_limits.nope }} days"})
    assert response.status_code == 400
    assert "There is a problem" in response.text and 'id="body-error"' in response.text
    db.expire_all()
    assert "nope" not in db.get(FaqEntry, "consent").body


def test_the_answer_page_keeps_a_signed_in_visitors_navigation_and_a_strangers_plain(client, seeded, clinician):
    # The page is rendered on the event loop for a stranger; for a signed-in visitor the user is read
    # from the database, so it is rendered in the threadpool (consult.web.render_on_loop).
    stranger = client.get("/faq", params={"q": "how long till i hear back after sending a referal"})
    assert stranger.status_code == 200 and "2 working days" in stranger.text and "Waiting list" not in stranger.text
    signin = client.get("/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', signin.text).group(1)
    client.post("/signin", data={"email": clinician.email, "password": clinician.password, "csrf_token": token})
    known = client.get("/faq", params={"q": "how long till i hear back after sending a referal"})
    assert known.status_code == 200 and "2 working days" in known.text and "Waiting list" in known.text
