"""Families' feedback: the public page and API, refusal of comments that name a family, nothing
that identifies the sender, the rate limit, the short link and the printable QR card."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, select, text

from consult.profiles import load_profile
from consult.voice.models import FamilyFeedback
from tests.voice.helpers import complaint_body, csrf, sign_in

NHS_NUMBER = "999 000 0018"
PHONE = "07700 900123"


def test_a_family_answers_through_the_api_without_signing_in(client, db):
    response = client.post("/api/feedback/family", json={"rating": "very_good", "comment": "Kind and patient staff."})
    assert response.status_code == 201
    assert client.post("/api/feedback/family", json={"rating": "dont_know", "comment": None}).status_code == 201
    rows = db.scalars(select(FamilyFeedback).order_by(FamilyFeedback.id)).all()
    assert [(r.rating, r.comment) for r in rows] == [("very_good", "Kind and patient staff."), ("dont_know", None)]


def test_an_unknown_answer_is_refused_with_a_reason(client):
    response = client.post("/api/feedback/family", json={"rating": "excellent"})
    assert response.status_code == 422 and "detail" in response.json()


def test_the_page_works_as_a_plain_form_and_thanks_the_family(client, db):
    page = client.get("/feedback")
    assert page.status_code == 200
    assert "Overall, how was your experience of our service?" in page.text
    for label in ("Very good", "Good", "Neither good nor poor", "Poor", "Very poor", "Don&#39;t know"):
        assert label in page.text
    assert "<script" not in page.text
    sent = client.post("/feedback", data={"csrf_token": csrf(client, "/feedback"), "rating": "good",
                                          "comment": "It was worth the wait."}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/feedback/thanks"
    assert "Thank you" in client.get("/feedback/thanks").text
    assert db.scalar(select(FamilyFeedback.rating)) == "good"


def test_the_form_needs_its_csrf_token(client, db):
    assert client.post("/feedback", data={"rating": "good"}).status_code == 400
    assert db.scalar(select(FamilyFeedback.id)) is None


def test_no_answer_chosen_is_shown_beside_the_question(client, db):
    page = client.post("/feedback", data={"csrf_token": csrf(client, "/feedback"), "comment": "Lovely"})
    assert page.status_code == 422 and "Choose one answer to the question." in page.text
    assert db.scalar(select(FamilyFeedback.id)) is None


def test_a_comment_that_names_a_family_is_refused_and_kept_only_on_the_page(client, db):
    page = client.post("/feedback", data={"csrf_token": csrf(client, "/feedback"), "rating": "very_good",
                                          "comment": f"My baby Maisie loved it, call {PHONE}"})
    assert page.status_code == 422
    assert "Please take it out and send your comment again" in page.text
    assert 'value="very_good" checked' in page.text  # the family does not have to start again
    api = client.post("/api/feedback/family", json={"rating": "good", "comment": f"NHS number {NHS_NUMBER}"})
    assert api.status_code == 422 and "NHS number" in api.json()["detail"][0]["msg"]
    assert db.scalar(select(FamilyFeedback.id)) is None


def test_nothing_that_could_identify_the_sender_is_stored(db, client):
    client.post("/api/feedback/family", json={"rating": "poor", "comment": "The room was cold."},
                headers={"User-Agent": "FamilyPhone/1.0", "X-Forwarded-For": "203.0.113.7"})
    columns = {c["name"] for c in inspect(db.get_bind()).get_columns("family_feedback")}
    assert columns == {"id", "given_on", "rating", "comment"}
    dump = " ".join(str(v) for row in db.execute(text("SELECT * FROM family_feedback")) for v in row)
    assert "FamilyPhone" not in dump and "203.0.113.7" not in dump and "testclient" not in dump


def test_the_raw_database_holds_no_identifier_typed_into_a_comment(client, db, database_url, manager):
    client.post("/feedback", data={"csrf_token": csrf(client, "/feedback"), "rating": "good", "comment": f"Ring Mrs Jenner on {PHONE}"})
    client.post("/api/feedback/family", json={"rating": "good", "comment": f"baby's NHS number {NHS_NUMBER}"})
    summary = f"Parent (NHS number {NHS_NUMBER}, phone {PHONE}) says the wait was not explained."
    assert client.post("/api/complaints", json=complaint_body(summary=summary), headers=manager.headers).status_code == 201
    raw = " ".join(str(v) for table in ("family_feedback", "complaints", "complaint_events", "audit_events")
                   for row in db.execute(text(f"SELECT * FROM {table}")) for v in row)
    for typed in (PHONE, NHS_NUMBER, NHS_NUMBER.replace(" ", ""), "Jenner"):
        assert typed not in raw
    if database_url.startswith("sqlite:///"):
        db.close()
        data = Path(database_url.removeprefix("sqlite:///")).read_bytes()
        for typed in (PHONE, NHS_NUMBER, NHS_NUMBER.replace(" ", ""), "Jenner"):
            assert typed.encode() not in data


def test_answers_from_one_connection_are_rate_limited(client, monkeypatch):
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("RATE_LIMITS", "on")
    reset_settings_cache()
    allowed = int(load_profile("kent").voice.feedback_rate_limit.split("/")[0])  # 30 an hour
    codes = [client.post("/api/feedback/family", json={"rating": "good"}).status_code for _ in range(allowed + 1)]
    assert codes == [201] * allowed + [429]
    assert client.post("/feedback", data={"csrf_token": csrf(client, "/feedback"), "rating": "good"}).status_code == 429


def test_the_short_link_opens_the_page_and_the_card_has_a_qr_code(client, clinician, practitioner):
    short = client.get("/f", follow_redirects=False)
    assert short.status_code == 303 and short.headers["location"] == "/feedback"
    qr = client.get("/feedback/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml") and "<svg" in qr.text
    sign_in(client, clinician)
    card = client.get("/feedback/card")
    assert card.status_code == 200 and "<svg" in card.text and "/f</strong>" in card.text
