"""The home page for each role (issue 21): a practitioner's open requests, next booking and
referrals waiting on them; a clinician's claimed requests, what is due soon or overdue, today's
triage bookings and family appointments; a manager's overdue counts, complaints to acknowledge and
the reports. Each panel comes from the domain that owns the work (consult/home.py)."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest
from consult.referrals.models import Referral
from tests.booking.conftest import booking_body, rota  # noqa: F401  (the weekly triage rota fixture)
from tests.consultations.test_pages import SUMMARY, _sign_in
from tests.referrals.helpers import submit, triage


def _request(db, persona, **changes):
    made = service.create_consultation(db=db, practitioner=db.get(User, persona.id), request=ConsultationRequest(
        consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet", **changes))
    db.commit()
    return made


def _panel(page: str, title: str) -> str:
    """The HTML of one home-page panel, found by its heading."""
    match = re.search(r'<section class="home-panel"[^>]*>\s*<h2[^>]*>' + re.escape(title) + r"</h2>(.*?)</section>",
                      page, flags=re.S)
    assert match, f"no panel {title!r}"
    return match.group(1)


def _titles(page: str) -> list[str]:
    return re.findall(r'<section class="home-panel"[^>]*>\s*<h2[^>]*>([^<]+)</h2>', page)


def test_a_visitor_sees_the_service_and_no_panels(client):
    page = client.get("/").text
    assert "home-panel" not in page and "Ask a question" in page


def test_a_practitioner_sees_their_open_requests_next_booking_and_referrals_waiting_on_them(
        client, db, rota, practitioner, outsider, clinician):  # noqa: F811 (the fixture imported above)
    mine = _request(db, practitioner)
    theirs = _request(db, outsider)
    slot = client.get("/api/triage/slots").json()["slots"][0]
    booked = client.post("/api/triage/bookings", json=booking_body(slot["id"]), headers=practitioner.headers).json()
    asked = submit(client, practitioner)["reference"]
    triage(client, clinician, asked, outcome="more_information")
    _sign_in(client, practitioner)
    page = client.get("/").text
    assert _titles(page) == ["Your open consultation requests", "Your next triage booking", "Referrals waiting for you"]
    requests = _panel(page, "Your open consultation requests")
    assert mine.reference in requests and theirs.reference not in requests
    assert booked["reference"] in _panel(page, "Your next triage booking")
    assert asked in _panel(page, "Referrals waiting for you") and "more information" in page
    assert "Due soon or overdue" not in page and "The queue today" not in page and "Request a consultation" in page


def test_a_clinician_sees_what_they_hold_what_is_due_and_today(client, db, clock, rota, practitioner, clinician,  # noqa: F811
                                                                second_clinician):
    from consult.pathway import appointments

    held = _request(db, practitioner)
    other = _request(db, practitioner)
    service.claim(db=db, consultation=held, clinician=db.get(User, clinician.id))
    service.claim(db=db, consultation=other, clinician=db.get(User, second_clinician.id))
    db.commit()
    referral = submit(client, practitioner)["reference"]
    triage(client, clinician, referral, outcome="eligible")
    row = db.query(Referral).filter_by(reference=referral).one()
    appointments.book(db=db, referral=row, clinician=db.get(User, clinician.id), kind="assessment", method="clinic",
                      starts=datetime(2026, 11, 25, 15, 0, tzinfo=LONDON), place="Thanet Family Hub")
    db.commit()
    slot = next(s for s in client.get("/api/triage/slots").json()["slots"] if s["start"].startswith("2026-11-25"))
    booking = client.post("/api/triage/bookings", json=booking_body(slot["id"]), headers=practitioner.headers).json()["reference"]
    clock.set(datetime(2026, 11, 25, 8, 30, tzinfo=LONDON))  # Wednesday: both requests now due soon
    _sign_in(client, clinician)
    page = client.get("/").text
    assert _titles(page) == ["Claimed by you", "Due soon or overdue in the queue", "Your triage bookings today",
                             "Your family appointments today"]
    claimed = _panel(page, "Claimed by you")
    assert held.reference in claimed and other.reference not in claimed
    due = _panel(page, "Due soon or overdue in the queue")
    assert held.reference in due and other.reference in due and "Due soon" in due
    assert booking in _panel(page, "Your triage bookings today")
    today = _panel(page, "Your family appointments today")
    assert referral in today and "15:00" in today and "Thanet Family Hub" in today
    assert "Complaints to acknowledge" not in page and "Request a consultation" not in page  # a practitioner's card
    clock.set(datetime(2026, 11, 26, 9, 0, tzinfo=LONDON))  # the next day: nothing booked for today
    _sign_in(client, clinician)  # sessions end after 8 hours
    page = client.get("/").text
    assert "No triage bookings with you today." in page and "No family appointments with you today." in page


def test_a_manager_sees_overdue_counts_complaints_to_acknowledge_and_the_reports(client, db, clock, practitioner,
                                                                                 manager):
    from consult.voice import service as voice

    for _ in range(2):
        _request(db, practitioner)
    complaint = voice.record_complaint(db=db, recorder=db.get(User, manager.id), received_on=date(2026, 11, 23),
                                       source="practitioner", about="Waiting time",
                                       summary="The practitioner waited too long for a call back from the team.")
    db.commit()
    clock.set(clock.now() + timedelta(days=7))
    _sign_in(client, manager)
    page = client.get("/").text
    assert _titles(page)[:3] == ["The queue today", "Complaints to acknowledge", "Reports"]
    counts = _panel(page, "The queue today")
    assert re.search(r'<span class="stat">2</span> consultations overdue', counts)
    assert complaint.reference in _panel(page, "Complaints to acknowledge")
    assert 'href="/reports/dashboard"' in _panel(page, "Reports")
    assert "Claimed by you" not in page and "Your open consultation requests" not in page
