"""The did-not-attend decision in the clinicians' combined queue: once the policy asks the clinician
to decide, a line links to where they keep the family open or close; it turns due soon and overdue
by the profile's working days, goes into the morning digest, and leaves the queue once decided."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from consult.core.calendar import calendar_for
from consult.queue import digest_lines, queue_items
from tests.referrals.helpers import submit, triage
from tests.referrals.test_pages import _sign_in


def _missed_twice(client, clock, practitioner, clinician) -> str:
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    ids = []
    for starts in ("2026-11-24T10:00:00+00:00", "2026-11-25T10:00:00+00:00"):
        booked = client.post(f"/api/referrals/{reference}/appointments", headers=clinician.headers,
                             json={"starts": starts, "kind": "assessment", "method": "video"})
        assert booked.status_code == 201, booked.text
        ids.append(booked.json()["id"])
    for appointment_id, after in zip(ids, (datetime(2026, 11, 24, 11, 0), datetime(2026, 11, 25, 11, 0)), strict=True):
        clock.set(after.replace(tzinfo=LONDON))
        missed = client.post(f"/api/referrals/{reference}/appointments/{appointment_id}/attendance",
                             headers=clinician.headers, json={"outcome": "did_not_attend"})
        assert missed.status_code == 200, missed.text
    return reference


def _lines(db, clock) -> list:
    return [i for i in queue_items(db=db, calendar=calendar_for(db), now=clock.now()) if i.kind == "did_not_attend"]


def test_the_decision_stands_in_the_queue_with_its_link_until_the_clinician_decides(
        client, db, clock, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    assert _lines(db, clock) == []  # no policy, no line
    reference = _missed_twice(client, clock, practitioner, clinician)

    (line,) = _lines(db, clock)
    assert line.reference == reference and line.link == f"/referrals/{reference}/appointments#review"
    assert line.state == "on_track" and line.district == "Thanet"
    # Asked on Wednesday 25 November at 11:00: 5 working days later is Wednesday 2 December, 11:00.
    assert line.due == datetime(2026, 12, 2, 11, 0, tzinfo=LONDON)
    assert any(reference in text and "did-not-attend decision" in text for text in
               digest_lines(db=db, calendar=calendar_for(db), now=clock.now()))

    _sign_in(client, clinician)
    queue = client.get("/consultations").text
    assert f'href="/referrals/{reference}/appointments#review"' in queue and "Missed appointments: decide" in queue
    for identifier in ("9990000018", "999 000 0018", "Ada Invented"):
        assert identifier not in queue
    # The link leads to the decision.
    appointments = client.get(f"/referrals/{reference}/appointments").text
    assert 'id="review"' in appointments and "Keep the family open" in appointments

    clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=LONDON))
    assert _lines(db, clock)[0].state == "due_soon"
    clock.set(datetime(2026, 12, 2, 12, 0, tzinfo=LONDON))
    assert _lines(db, clock)[0].state == "overdue"

    decided = client.post(f"/api/referrals/{reference}/did-not-attend-decision", headers=clinician.headers,
                          json={"decision": "keep_open"})
    assert decided.status_code == 200
    assert _lines(db, clock) == []
    _sign_in(client, clinician)  # a week on, the first sign-in has ended
    queue = client.get("/consultations").text
    assert "<h1>Consultation queue</h1>" in queue and f"/referrals/{reference}/appointments#review" not in queue


def test_a_closed_referral_leaves_the_queue_even_without_a_decision(client, db, clock, practitioner, clinician):
    reference = _missed_twice(client, clock, practitioner, clinician)
    assert len(_lines(db, clock)) == 1
    withdrawn = client.post(f"/api/referrals/{reference}/withdraw", json={"reason": "The family moved away."},
                            headers=practitioner.headers)
    assert withdrawn.status_code == 200
    assert _lines(db, clock) == []


def test_the_queue_filter_finds_the_decision_under_the_clinician_who_holds_the_family(
        client, db, clock, practitioner, clinician):
    reference = _missed_twice(client, clock, practitioner, clinician)
    (line,) = _lines(db, clock)
    assert line.owner_id == clinician.id  # triage allocated the family to the triaging clinician
    _sign_in(client, clinician)
    mine = client.get(f"/consultations?clinician={clinician.id}").text
    assert f'href="/referrals/{reference}/appointments#review"' in mine
    unclaimed = client.get("/consultations?clinician=none").text
    assert f'href="/referrals/{reference}/appointments#review"' not in unclaimed
