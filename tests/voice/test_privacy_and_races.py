"""Complaints and feedback in the retention purge and subject access; and two managers acting on
one complaint at once (exactly one wins, the other gets 409), with real threads."""
from __future__ import annotations

import os
from collections import Counter
from datetime import datetime

import httpx
import pytest
from sqlalchemy import select

from consult.clock import LONDON
from consult.privacy.retention import run_purge
from consult.privacy.subject_access import Subject, erase_subject, export_subject
from consult.voice.models import Complaint, Compliment, FamilyFeedback
from tests.racing import race_each
from tests.referrals.helpers import PARENT_NHS_DIGITS, submit
from tests.voice.helpers import complaint_body

RESPONSE = "We apologised and explained what the service will change."


def test_the_purge_clears_old_free_text_and_keeps_the_figures(client, clock, db, manager, clinician):
    clock.set(datetime(2017, 3, 6, 10, 0, tzinfo=LONDON))
    old = client.post("/api/complaints", json=complaint_body(received_on="2017-03-06"), headers=manager.headers).json()["id"]
    client.post(f"/api/complaints/{old}/acknowledge", headers=manager.headers)
    client.post(f"/api/complaints/{old}/close", json={"outcome": "upheld", "response": RESPONSE}, headers=manager.headers)
    open_old = client.post("/api/complaints", json=complaint_body(received_on="2017-03-06"), headers=manager.headers).json()["id"]
    client.post("/api/compliments", headers=clinician.headers, json={
        "received_on": "2017-03-06", "source": "parent", "about": "Visits", "summary": "Thank you all so much."})
    client.post("/api/feedback/family", json={"rating": "good", "comment": "Very kind."})
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON))
    recent = client.post("/api/complaints", json=complaint_body(), headers=manager.headers).json()["id"]

    assert run_purge(db=db)["complaints_and_feedback"] == 3
    db.commit()
    rows = {c.reference: c for c in db.scalars(select(Complaint))}
    assert rows[old].summary is None and rows[old].response is None and rows[old].outcome == "upheld"
    assert rows[open_old].summary is not None  # still open: kept until it is closed and old
    assert rows[recent].summary is not None
    assert db.scalar(select(Compliment.summary)) is None
    assert db.scalar(select(FamilyFeedback.comment)) is None and db.scalar(select(FamilyFeedback.rating)) == "good"
    report = client.get("/api/reports/quarterly?quarter=2017Q1", headers=manager.headers).json()
    assert report["complaints_received"] == 2 and report["complaints_upheld"] == 1


def test_subject_access_finds_a_familys_complaints_through_their_referral_and_erases_the_text(
        client, db, practitioner, manager):
    referral = submit(client, practitioner)["reference"]
    ref = client.post("/api/complaints", json=complaint_body(reference=referral), headers=manager.headers).json()["id"]
    client.post("/api/complaints", json=complaint_body(), headers=manager.headers)  # about nobody in particular
    held = export_subject(db=db, subject=Subject(nhs_number=PARENT_NHS_DIGITS))["data"]["complaints_and_feedback"]
    assert [c["reference"] for c in held["complaints_about_the_family"]] == [ref]
    assert held["complaints_about_the_family"][0]["summary"].startswith("The parent was not told")
    staff = export_subject(db=db, subject=Subject(email=manager.email))["data"]["complaints_and_feedback"]
    assert len(staff["complaints_recorded"]) == 2
    assert erase_subject(db=db, subject=Subject(nhs_number=PARENT_NHS_DIGITS))["complaints_and_feedback"] == 1
    db.commit()
    assert db.scalar(select(Complaint.summary).where(Complaint.reference == ref)) is None




def test_of_managers_acknowledging_one_complaint_at_once_exactly_one_wins(live_server, manager, db):
    with httpx.Client(base_url=live_server, headers=manager.headers, timeout=60) as http:
        ref = http.post("/api/complaints", json=complaint_body()).json()["id"]

    def attempt(i: int) -> int:
        with httpx.Client(base_url=live_server, headers=manager.headers, timeout=60) as http:
            return http.post(f"/api/complaints/{ref}/acknowledge").status_code

    assert Counter(race_each(6, attempt)) == {200: 1, 409: 5}
    kinds = db.scalars(select(Complaint).where(Complaint.reference == ref)).one().events
    assert [e.kind for e in kinds] == ["received", "acknowledged"]


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("PIMH_TEST_POSTGRES_URL"), reason="needs PIMH_TEST_POSTGRES_URL")
def test_sessions_racing_to_close_one_complaint_on_postgres_leave_one_outcome(db, manager):
    from consult.auth.models import User
    from consult.db import session_scope
    from consult.voice import service
    from consult.voice.errors import WrongState

    user = db.get(User, manager.id)
    complaint = service.record_complaint(db=db, recorder=user, received_on=datetime(2026, 11, 23).date(),
                                         source="parent", about="Waiting time", summary="The wait was not explained.")
    service.acknowledge(db=db, complaint=complaint, manager=user)
    db.commit()
    outcomes = ("upheld", "partly_upheld", "not_upheld", "withdrawn") * 3

    def attempt(i: int) -> str:
        try:
            with session_scope() as session:
                found = session.scalar(select(Complaint).where(Complaint.id == complaint.id))
                service.close(db=session, complaint=found, manager=session.get(User, manager.id),
                              outcome=outcomes[i], response=RESPONSE)
            return "closed"
        except WrongState:
            return "conflict"

    assert Counter(race_each(len(outcomes), attempt)) == {"closed": 1, "conflict": len(outcomes) - 1}
    db.expire_all()
    closing = [e for e in db.get(Complaint, complaint.id).events if e.kind == "closed"]
    assert len(closing) == 1
