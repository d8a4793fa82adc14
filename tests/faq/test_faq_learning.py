"""Issue 22, the manager's loop: a question the FAQ did not answer (or whose answer did not help)
offers its closest entries on /faq/manage; one click adds it as a phrasing and the next
practitioner who asks it that way gets that entry."""
from __future__ import annotations

import os
import re
import threading

import pytest
from sqlalchemy import select

from faq.models import FaqEntry, FaqQuestion

QUESTION = "r u open over xmas"


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, persona) -> None:
    page = client.get("/signin")
    client.post("/signin", data={"email": persona.email, "password": persona.password, "csrf_token": _csrf(page.text)})


def _offers(html: str, question_id: int) -> list[str]:
    """The entry ids the manage page offers for one logged question, closest first."""
    block = re.search(rf'<article class="record-item" aria-labelledby="q{question_id}">(.*?)</article>', html, re.S)
    assert block, f"question {question_id} is not offered"
    return re.findall(r'name="entry_id" value="([^"]+)"', block.group(1))


def test_one_click_makes_the_next_identical_question_get_that_entry(client, manager, db):
    first = client.post("/api/faq/answer", json={"question": QUESTION}).json()
    assert not first["answered"]
    question_id = first["question_id"]
    _sign_in(client, manager)
    page = client.get("/faq/manage")
    offered = _offers(page.text, question_id)
    assert "bank-holidays" in offered and len(offered) <= 3
    response = client.post(f"/faq/manage/questions/{question_id}/phrasing",
                           data={"csrf_token": _csrf(page.text), "entry_id": "bank-holidays"})
    assert response.status_code == 200 and "Added as a way of asking" in response.text
    db.expire_all()
    assert "r u open over xmas" in db.get(FaqEntry, "bank-holidays").phrasings
    # Live at once: the next practitioner asking it that way is answered by that entry.
    again = client.post("/api/faq/answer", json={"question": QUESTION}).json()
    assert again["answered"] and again["entry_id"] == "bank-holidays"
    # ...and the question has left the manager's list.
    assert f'aria-labelledby="q{question_id}"' not in client.get("/faq/manage").text


def test_the_same_wording_added_twice_is_a_conflict_and_changes_nothing(client, manager, db):
    question_id = client.post("/api/faq/answer", json={"question": QUESTION}).json()["question_id"]
    _sign_in(client, manager)
    token = _csrf(client.get("/faq/manage").text)
    url = f"/faq/manage/questions/{question_id}/phrasing"
    assert client.post(url, data={"csrf_token": token, "entry_id": "opening-hours"}).status_code == 200
    second = client.post(url, data={"csrf_token": token, "entry_id": "opening-hours"})
    assert second.status_code == 409
    db.expire_all()
    assert db.get(FaqEntry, "opening-hours").phrasings.count("r u open over xmas") == 1


def test_adding_a_phrasing_needs_the_csrf_token_and_a_manager(client, manager, practitioner, db):
    question_id = client.post("/api/faq/answer", json={"question": QUESTION}).json()["question_id"]
    _sign_in(client, practitioner)
    page = client.get("/faq")
    refused = client.post(f"/faq/manage/questions/{question_id}/phrasing",
                          data={"csrf_token": _csrf(page.text), "entry_id": "bank-holidays"})
    assert refused.status_code == 403
    client.post("/signout", data={"csrf_token": _csrf(page.text)})
    _sign_in(client, manager)
    forged = client.post(f"/faq/manage/questions/{question_id}/phrasing", data={"entry_id": "bank-holidays"})
    assert forged.status_code == 400
    db.expire_all()
    assert "r u open over xmas" not in db.get(FaqEntry, "bank-holidays").phrasings


def test_an_unknown_question_or_entry_is_a_404(client, manager):
    question_id = client.post("/api/faq/answer", json={"question": QUESTION}).json()["question_id"]
    _sign_in(client, manager)
    token = _csrf(client.get("/faq/manage").text)
    assert client.post("/faq/manage/questions/999999/phrasing",
                       data={"csrf_token": token, "entry_id": "bank-holidays"}).status_code == 404
    assert client.post(f"/faq/manage/questions/{question_id}/phrasing",
                       data={"csrf_token": token, "entry_id": "no-such-entry"}).status_code == 404


def test_a_risk_question_is_never_offered_as_a_phrasing(client, manager, db):
    question_id = client.post("/api/faq/answer", json={"question": "mum said she wants to die"}).json()["question_id"]
    _sign_in(client, manager)
    page = client.get("/faq/manage")
    assert _offers(page.text, question_id) == []
    assert "always go to a person" in page.text
    refused = client.post(f"/faq/manage/questions/{question_id}/phrasing",
                          data={"csrf_token": _csrf(page.text), "entry_id": "urgent-help"})
    assert refused.status_code == 400


def test_a_did_not_help_answer_comes_back_to_the_manager_with_its_wording(client, manager, db):
    question = "Is an interpreter available?"
    page = client.get("/faq", params={"q": question})
    question_id = int(re.search(r'name="question_id" value="(\d+)"', page.text).group(1))
    client.post("/faq/feedback", data={"csrf_token": _csrf(page.text), "entry_id": "interpreters",
                                       "helpful": "no", "question_id": question_id, "q": question})
    row = db.scalars(select(FaqQuestion).where(FaqQuestion.id == question_id)).one()
    # Changed in issue 22 (h22): the question stays answered (the FAQ did answer it) and is marked
    # not helpful; before, the click turned it into an unanswered one.
    assert (row.answered, row.not_helpful, row.reason, row.text_redacted) == (True, True, "answered", question)
    _sign_in(client, manager)
    manage = client.get("/faq/manage")
    assert "the answer did not help" in manage.text
    assert _offers(manage.text, question_id)[0] == "interpreters"


def test_a_did_not_help_click_keeps_the_returns_faq_figures_meaning_answered_and_declined(client, db, clock):
    from consult.reporting.periods import quarter, quarter_of
    from faq.figures import faq_figures

    answered = client.get("/faq", params={"q": "Is an interpreter available?"})
    client.post("/api/faq/answer", json={"question": "what is the capital of France"})  # declined
    question_id = int(re.search(r'name="question_id" value="(\d+)"', answered.text).group(1))
    period = quarter(quarter_of(clock.now().date()))
    before = faq_figures(db=db, start=period.start, end=period.end)
    assert (before["faq_questions"], before["faq_answered"], before["faq_unanswered"]) == (2, 1, 1)
    client.post("/faq/feedback", data={"csrf_token": _csrf(answered.text), "entry_id": "interpreters",
                                       "helpful": "no", "question_id": question_id,
                                       "q": "Is an interpreter available?"})
    after = faq_figures(db=db, start=period.start, end=period.end)
    # answered / declined is what the FAQ did (api.md); what did not help is the feedback figure.
    assert (after["faq_answered"], after["faq_unanswered"]) == (1, 1)
    assert after["faq_answer_not_helpful"] == before["faq_answer_not_helpful"] + 1 == 1


def test_a_phrasing_keeps_no_names_and_cannot_become_a_template(client, manager, db):
    asked = client.post("/api/faq/answer", json={"question": "can baby Oliver {{ 7*7 }} see you over xmas"}).json()
    _sign_in(client, manager)
    page = client.get("/faq/manage")
    response = client.post(f"/faq/manage/questions/{asked['question_id']}/phrasing",
                           data={"csrf_token": _csrf(page.text), "entry_id": "bank-holidays"})
    assert response.status_code == 200
    db.expire_all()
    added = db.get(FaqEntry, "bank-holidays").phrasings[-1]
    assert "Oliver" not in added and "{" not in added and "49" not in added
    assert "see you over xmas" in added


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("PIMH_TEST_POSTGRES_URL"), reason="needs PIMH_TEST_POSTGRES_URL")
def test_managers_racing_to_add_the_same_wording_add_it_once_on_postgres(seeded):
    from collections import Counter

    from consult.db import session_factory
    from faq import manage
    from faq.service import answer_question

    question_id = answer_question(QUESTION, db=seeded, channel="web").question_id
    seeded.commit()
    factory = session_factory()
    racers = 8
    barrier = threading.Barrier(racers)
    results: list = [None] * racers

    def attempt(i: int) -> None:
        session = factory()
        try:
            barrier.wait()
            manage.add_phrasing(db=session, question_id=question_id, entry_id="bank-holidays", editor_id=None)
            session.commit()
            results[i] = "added"
        except manage.PhrasingExists:
            session.rollback()
            results[i] = "conflict"
        finally:
            session.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert Counter(results) == {"added": 1, "conflict": racers - 1}
    seeded.expire_all()
    row = seeded.get(FaqEntry, "bank-holidays")
    assert row.phrasings.count(QUESTION) == 1 and row.revision == 2
