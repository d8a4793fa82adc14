"""The FAQ answer API through the real app: api.md's shape, declining, risk, limits, feedback."""
from __future__ import annotations

from sqlalchemy import select

from faq.models import FaqFeedback, FaqQuestion


def test_it_answers_a_routine_question_with_the_fact_and_its_source(client):
    response = client.post("/api/faq/answer", json={"question": "How long does it take for a referral to be acknowledged?"})
    assert response.status_code == 200
    body = response.json()
    assert body["answered"] is True
    assert body["entry_id"] == "response-times"
    assert "2 working days" in body["answer"]
    assert body["source"].startswith("Service specification")
    assert 0.5 <= body["score"] <= 1
    assert set(body) >= {"answered", "entry_id", "title", "answer", "score", "suggestions"}
    assert all(set(s) == {"entry_id", "title"} for s in body["suggestions"])


def test_it_declines_an_out_of_scope_question_and_logs_it_redacted(client, db):
    response = client.post("/api/faq/answer", json={"question": "What is the capital of France? Ask Mrs Okafor on 07700 900123"})
    body = response.json()
    assert body["answered"] is False and body["answer"] is None and body["entry_id"] is None
    logged = db.scalars(select(FaqQuestion)).one()
    assert logged.answered is False and logged.channel == "api"
    assert "Okafor" not in logged.text_redacted and "07700" not in logged.text_redacted
    assert "[name]" in logged.text_redacted and "[phone]" in logged.text_redacted


def test_it_keeps_no_text_of_answered_questions(client, db):
    client.post("/api/faq/answer", json={"question": "Do you work with fathers and partners?"})
    logged = db.scalars(select(FaqQuestion)).one()
    assert logged.answered is True and logged.entry_id == "dads-partners" and logged.text_redacted is None


def test_it_routes_a_question_about_risk_to_a_person_not_the_faq(client, db):
    body = client.post("/api/faq/answer", json={"question": "Mum says she feels suicidal, what do I do?"}).json()
    assert body["answered"] is False and body["answer"] is None
    assert body["risk"] is True and "999" in body["risk_guidance"]
    assert db.scalars(select(FaqQuestion)).one().reason == "risk"


def test_it_rejects_empty_and_overlong_questions_with_422(client):
    assert client.post("/api/faq/answer", json={"question": ""}).status_code == 422
    assert client.post("/api/faq/answer", json={"question": "x" * 1001}).status_code == 422
    assert client.post("/api/faq/answer", json={"question": 42}).status_code == 422
    assert client.post("/api/faq/answer", json={}).status_code == 422
    assert client.post("/api/faq/answer", content=b"not json", headers={"content-type": "application/json"}).status_code == 422


def test_a_question_of_only_whitespace_is_422_with_a_message_and_is_not_logged(client, db):
    for blank in (" ", "   \n\t  ", "\u00a0\u2003"):
        response = client.post("/api/faq/answer", json={"question": blank})
        assert response.status_code == 422, repr(blank)
        (error,) = response.json()["detail"]
        assert error["loc"][-1] == "question" and "cannot be only spaces" in error["msg"]
    assert db.scalars(select(FaqQuestion)).all() == []


def test_it_accepts_a_question_of_exactly_1000_characters(client):
    assert client.post("/api/faq/answer", json={"question": "bank holidays " + "x" * 986}).status_code == 200


def test_it_stores_feedback_on_an_answer(client, db):
    answer = client.post("/api/faq/answer", json={"question": "Is an interpreter available?"}).json()
    response = client.post("/api/faq/feedback", json={"entry_id": answer["entry_id"], "helpful": False,
                                                      "question_id": answer["question_id"]})
    assert response.status_code == 201
    row = db.scalars(select(FaqFeedback)).one()
    assert (row.entry_id, row.helpful, row.question_id) == ("interpreters", False, answer["question_id"])


def test_feedback_on_an_unknown_entry_is_a_404(client):
    assert client.post("/api/faq/feedback", json={"entry_id": "no-such-entry", "helpful": True}).status_code == 404


def test_the_public_answer_endpoint_is_rate_limited(client, monkeypatch):
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("RATE_LIMITS", "on")
    reset_settings_cache()
    codes = [client.post("/api/faq/answer", json={"question": "opening hours"}).status_code for _ in range(61)]
    assert codes[:60] == [200] * 60
    assert codes[60] == 429
