"""Managers are reminded of a complaint waiting for acknowledgement once when it is due soon and
once when overdue, never with what it says, and not at all once it is acknowledged."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from consult.jobs import run_job
from tests.consultations.conftest import notices  # noqa: F401  (the recording notifier fixture)
from tests.voice.helpers import complaint_body


def test_managers_are_reminded_once_when_due_soon_and_once_when_overdue(client, clock, manager, clinician, notices):  # noqa: F811
    ref = client.post("/api/complaints", json=complaint_body(), headers=clinician.headers).json()["id"]  # by Thu 26 Nov
    clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=LONDON))
    assert run_job("complaints.remind")["reminders"] == 0
    clock.set(datetime(2026, 11, 26, 11, 0, tzinfo=LONDON))  # 75% of the three working days has gone
    assert run_job("complaints.remind")["reminders"] == 1
    assert run_job("complaints.remind")["reminders"] == 0
    clock.set(datetime(2026, 11, 27, 9, 15, tzinfo=LONDON))
    assert run_job("complaints.remind")["reminders"] == 1
    assert [n.kind for n in notices.sent] == ["complaint_due_soon", "complaint_overdue"]
    assert all(n.recipient.name == "Helen Marsh" and ref in n.text for n in notices.sent)
    assert all("not told" not in n.text and "Waiting time" not in n.text for n in notices.sent)
    timeline = client.get(f"/api/complaints/{ref}", headers=manager.headers).json()["timeline"]
    assert [e["kind"] for e in timeline] == ["received", "reminded_due_soon", "reminded_overdue"]


def test_an_acknowledged_complaint_needs_no_reminder(client, clock, manager, notices):  # noqa: F811
    ref = client.post("/api/complaints", json=complaint_body(), headers=manager.headers).json()["id"]
    client.post(f"/api/complaints/{ref}/acknowledge", headers=manager.headers)
    clock.set(datetime(2026, 11, 27, 10, 0, tzinfo=LONDON))
    assert run_job("complaints.remind")["reminders"] == 0 and notices.sent == []
