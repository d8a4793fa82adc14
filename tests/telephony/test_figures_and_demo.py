"""The line's figures in the quarterly return, its CSV (suppressed) and the dashboard, and the demo
seeder's work numbers and history of calls."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime

from consult.clock import LONDON
from tests.privacy.helpers import web_sign_in
from tests.telephony.conftest import CLINICIAN_PHONE, calls, put_on_duty


def _quarter_of_calls(twilio, db, clock, clinician, answered: int, missed: int, closed: int, between=None) -> None:
    put_on_duty(db, date(2026, 11, 23), (clinician, CLINICIAN_PHONE))
    n = 0
    for outcome, count in (("completed", answered), ("no-answer", missed)):
        for _ in range(count):
            n += 1
            twilio.call(f"CA5{n:03d}", caller=f"+4477009005{n:02d}")
            twilio.dial_ended(f"CA5{n:03d}", 1, outcome, duration=200)
    if between:
        between()
    clock.set(datetime(2026, 11, 23, 19, 0, tzinfo=LONDON))
    for _ in range(closed):
        n += 1
        twilio.call(f"CA5{n:03d}", caller=f"+4477009005{n:02d}")


def test_the_quarterly_return_and_its_csv_carry_the_lines_figures(twilio, db, clock, clinician, manager):
    def call_one_back():
        missed = [c for c in calls(db) if c.status == "missed"]
        clock.set(datetime(2026, 11, 23, 11, 30, tzinfo=LONDON))  # within four working hours of 10:00
        twilio.client.post(f"/api/telephony/calls/{missed[0].id}/callback", json={"outcome": "spoke"},
                           headers=clinician.headers)

    _quarter_of_calls(twilio, db, clock, clinician, answered=6, missed=2, closed=3, between=call_one_back)
    clock.set(datetime(2026, 11, 27, 12, 0, tzinfo=LONDON))  # the other call-backs are now late
    report = twilio.client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["calls_received"] == 11 and report["calls_missed"] == 2
    assert report["calls_answered_pct"] == 75.0  # 6 of the 8 made while the line was open
    assert report["callbacks_within_target_pct"] == 20.0  # 1 on time of 5 due (4 not made, past their limit)
    raw = twilio.client.get("/api/reports/quarterly.csv?quarter=2026Q4", headers=manager.headers).text
    rows = {r["measure"]: r["value"] for r in csv.DictReader(io.StringIO(raw)) if r["section"] == "summary"}
    assert rows["calls_received"] == "11" and rows["calls_answered"] == "6"
    assert rows["calls_missed"] == "<5" and rows["callbacks_made"] == "<5"
    assert rows["callbacks_within_target_pct"] == "[c]"  # a rate over fewer than five call-backs
    assert rows["calls_answered_pct"] == "75"


def test_the_dashboard_draws_calls_per_week_and_time_to_call_back(twilio, db, clock, clinician, manager):
    _quarter_of_calls(twilio, db, clock, clinician, answered=3, missed=2, closed=1)
    missed = [c for c in calls(db) if c.status == "missed"]
    clock.set(datetime(2026, 11, 24, 10, 0, tzinfo=LONDON))
    for call in missed:
        twilio.client.post(f"/api/telephony/calls/{call.id}/callback", json={"outcome": "spoke"},
                           headers=clinician.headers)
    web_sign_in(twilio.client, manager)
    board = twilio.client.get("/reports/dashboard?quarter=2026Q4").text
    assert "Telephone line" in board and "6</span> calls received" in board
    assert "Calls to the telephone line per week" in board and "Median working hours from a missed call" in board
    assert "<td>23 Nov</td><td>3</td><td>2</td><td>1</td>" in board  # answered, missed, line closed


def test_the_demo_gives_the_team_drama_range_numbers_and_a_history_of_calls(db, clock):
    from sqlalchemy import select

    from consult.seeding import SeedOptions, run_seeders
    from consult.telephony.models import PhoneCall, WorkPhone

    run_seeders(db, SeedOptions(consultations=5))
    numbers = [row.number for row in db.scalars(select(WorkPhone))]
    assert numbers and all(n.startswith(("+447700900", "+441632960")) for n in numbers)
    history = list(db.scalars(select(PhoneCall)))
    assert len(history) > 200
    assert {c.status for c in history} >= {"answered", "missed", "out_of_hours"}
    assert all(c.caller_number.startswith(("+447700900", "+441632960")) for c in history)
    assert any(c.callback_due and c.called_back_at is None for c in history)  # some still on the queue
    run_seeders(db, SeedOptions(consultations=5))
    assert len(list(db.scalars(select(PhoneCall)))) == len(history)
