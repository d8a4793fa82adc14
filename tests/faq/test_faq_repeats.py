"""One question, one record: opening the same /faq?q= address again within the window does not log
the question again; another visitor, other words, or a later visit do. The FAQ's "ask a clinician"
carries the question into the consultation form."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from faq.models import FaqQuestion
from faq.repeats import REPEAT_WINDOW

PRINTER = "how do I fix the printer in the clinic"


def _logged(db) -> int:
    db.expire_all()
    return db.scalar(select(func.count(FaqQuestion.id)))


def test_the_same_question_opened_three_times_is_logged_once(client, db):
    for _ in range(3):
        assert client.get("/faq", params={"q": PRINTER}).status_code == 200
    assert _logged(db) == 1
    # The same words in other case and spacing are the same question.
    client.get("/faq", params={"q": "  How do I fix   the printer in the CLINIC "})
    assert _logged(db) == 1


def test_another_question_another_visitor_or_a_later_visit_is_a_new_record(client, app, db, clock):
    from fastapi.testclient import TestClient

    client.get("/faq", params={"q": PRINTER})
    client.get("/faq", params={"q": "can I bring a pram to the Family Hub"})
    assert _logged(db) == 2
    with TestClient(app) as someone_else:
        someone_else.get("/faq", params={"q": PRINTER})
    assert _logged(db) == 3
    clock.advance(REPEAT_WINDOW + timedelta(minutes=1))
    client.get("/faq", params={"q": PRINTER})
    assert _logged(db) == 4


def test_the_manager_sees_one_line_for_a_question_reloaded(client, db, manager):
    from tests.faq.test_faq_pages import _sign_in

    for _ in range(3):
        client.get("/faq", params={"q": PRINTER})
    _sign_in(client, manager)
    page = client.get("/faq/manage")
    assert page.text.count(PRINTER) == 1


def test_ask_a_clinician_fills_the_request_box_with_the_question_escaped(client, practitioner):
    from tests.faq.test_faq_pages import _sign_in

    _sign_in(client, practitioner)
    question = 'Is <b>"tummy time"</b> advice ok for a 3 month old & a tired parent?'
    faq = client.get("/faq", params={"q": question})
    link = re.search(r'href="(/consultations/new\?question=[^"]+)"', faq.text).group(1).replace("&amp;", "&")
    form = client.get(link)
    assert form.status_code == 200
    box = re.search(r'<textarea id="question" name="question"[^>]*>(.*?)</textarea>', form.text, re.S).group(1)
    assert box == "Is &lt;b&gt;&#34;tummy time&#34;&lt;/b&gt; advice ok for a 3 month old &amp; a tired parent?"


def test_a_carried_over_question_is_still_checked_for_identifiers_when_sent(client, practitioner):
    from tests.faq.test_faq_pages import _sign_in

    _sign_in(client, practitioner)
    question = "Mum on 07700 900123 is struggling to bond with her baby, what can I do?"
    form = client.get("/consultations/new", params={"question": question})
    assert "07700 900123" in form.text  # her own draft, shown back to her only
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text).group(1)
    sent = client.post("/consultations/new", data={"csrf_token": token, "question": question, "district": "Thanet",
                                                   "consent_confirmed": "yes", "urgency": "routine",
                                                   "preferred_contact": "chat"})
    assert sent.status_code == 422 and "phone number" in sent.text
