from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from consult.auth.models import User
from consult.privacy.audit import AuditEvent, record_event, search

from .helpers import csrf, web_sign_in


def _events(db, n: int, record: str = "PIMH-R-0001", actor=None):
    for i in range(n):
        record_event(db=db, actor=actor, action="read", record=record, detail=f"view {i}")
    db.commit()


def test_the_audit_api_lists_a_records_events_newest_first_in_the_documented_shape(client, db, clock, clinician, manager):
    user = db.get(User, clinician.id)
    record_event(db=db, actor=user, action="create", record="PIMH-R-0001")
    clock.advance(timedelta(minutes=5))
    record_event(db=db, actor=user, action="read", record="PIMH-R-0001")
    record_event(db=db, actor=user, action="read", record="PIMH-R-0002")
    db.commit()

    response = client.get("/api/audit", params={"record": "PIMH-R-0001"}, headers=manager.headers)
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["action"] for e in events] == ["read", "create"]
    assert set(events[0]) == {"at", "actor", "action", "record"}
    assert events[0]["actor"] == "Priya Castell" and events[0]["record"] == "PIMH-R-0001"
    assert events[0]["at"].startswith("2026-11-23T10:05:00")


def test_only_managers_and_admins_may_read_the_audit_log(client, practitioner, clinician, manager, admin):
    assert client.get("/api/audit?record=X").status_code == 401
    assert client.get("/api/audit?record=X", headers=practitioner.headers).status_code == 403
    assert client.get("/api/audit?record=X", headers=clinician.headers).status_code == 403
    assert client.get("/api/audit?record=X", headers=admin.headers).json() == {"events": []}


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET detail = 'rewritten'",
    "UPDATE audit_events SET actor_label = 'someone else' WHERE id = 1",
    "DELETE FROM audit_events",
])
def test_the_database_itself_refuses_to_change_or_delete_audit_events(db, statement):
    _events(db, 2)
    with pytest.raises(DBAPIError) as caught:
        db.execute(text(statement))
        db.flush()
    assert "append-only" in str(caught.value)
    db.rollback()
    assert [e.detail for e in db.scalars(select(AuditEvent).order_by(AuditEvent.id))] == ["view 0", "view 1"]


def test_an_orm_change_to_an_audit_event_is_refused_too(db):
    _events(db, 1)
    event = db.scalar(select(AuditEvent))
    event.detail = "tampered"
    with pytest.raises(DBAPIError):
        db.commit()
    db.rollback()


def test_only_the_six_documented_actions_can_be_recorded(db):
    with pytest.raises(ValueError):
        record_event(db=db, actor=None, action="delete", record="X")
    with pytest.raises(DBAPIError):  # the check constraint holds even for raw SQL
        db.execute(text("INSERT INTO audit_events (at, actor_label, action, record, detail) "
                        "VALUES (CURRENT_TIMESTAMP, 'x', 'delete', 'X', '')"))
    db.rollback()


def test_identifiers_in_an_events_detail_are_removed(db):
    event = record_event(db=db, actor=None, action="update", record="PIMH-R-0003",
                         detail="phone changed to 07700 900123, nhs 999 123 4578, born 02/03/1994")
    assert "900123" not in event.detail and "4578" not in event.detail and "1994" not in event.detail


def test_a_web_sign_in_and_a_failed_attempt_are_both_audited(client, db, clinician):
    client.post("/signin", data={"csrf_token": csrf(client), "email": clinician.email, "password": "not-the-password"})
    web_sign_in(client, clinician)
    rows = search(db=db, record=f"user:{clinician.id}").rows
    assert [(r.action, r.actor, r.detail) for r in rows] == [
        ("sign_in", "Priya Castell", "web sign-in"),
        ("sign_in", "unauthenticated", "failed web sign-in"),
    ]


def test_the_audit_page_searches_by_record_actor_action_and_dates(client, db, clock, manager, clinician):
    user = db.get(User, clinician.id)
    record_event(db=db, actor=user, action="read", record="PIMH-R-0100")
    clock.advance(timedelta(days=3))
    record_event(db=db, actor=user, action="update", record="PIMH-R-0100")
    record_event(db=db, actor="retention job", action="purge", record="retention:faq")
    db.commit()
    web_sign_in(client, manager)

    page = client.get("/audit", params={"record": "PIMH-R-0100"})
    assert page.status_code == 200 and "2 events" in page.text
    assert "1 event<" in client.get("/audit", params={"actor": "retention"}).text
    assert "1 event<" in client.get("/audit", params={"actor": "priya", "action": "update"}).text
    only_first_day = client.get("/audit", params={"actor": "castell", "since": "2026-11-23", "until": "2026-11-23"})
    assert "1 event<" in only_first_day.text and "PIMH-R-0100" in only_first_day.text


def test_the_audit_page_shows_bad_dates_next_to_the_field(client, manager):
    web_sign_in(client, manager)
    page = client.get("/audit", params={"since": "23/11/2026", "until": "2026-11-01"})
    assert page.status_code == 400
    assert "There is a problem with the search" in page.text
    assert 'href="#since"' in page.text and "Enter a date like 2026-11-23." in page.text


def test_the_audit_page_is_paginated(client, db, manager):
    _events(db, 120, record="PIMH-R-0200")
    web_sign_in(client, manager)
    first = client.get("/audit", params={"record": "PIMH-R-0200"}).text
    assert "120 events" in first and "Page 1 of 3" in first and "view 119" in first and "view 69" not in first
    third = client.get("/audit", params={"record": "PIMH-R-0200", "page": 3}).text
    assert "Page 3 of 3" in third and "view 0<" in third and "Next page" not in third


def test_practitioners_cannot_open_the_audit_page(client, practitioner):
    web_sign_in(client, practitioner)
    assert client.get("/audit").status_code == 403
