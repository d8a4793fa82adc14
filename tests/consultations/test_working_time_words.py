"""Issue 21: advice given after hours showed "0.0" working hours. The consultation page and the
manager's log now say working time in words: "under an hour", "1 working day 3 hours"."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest

SUMMARY = "Mother of a five month old says she feels like a stranger to her baby and avoids playing."
ADVICE = "Offer a joint visit and notice moments of connection together."


def _csrf(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)


def _sign_in(client, persona) -> str:
    client.post("/signin", data={"csrf_token": _csrf(client), "email": persona.email, "password": persona.password,
                                 "next": "/"}, follow_redirects=False)
    return _csrf(client)


def _advised(client, db, clock, practitioner, clinician, *, received: datetime, advised: datetime) -> str:
    clock.set(received)
    made = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
        consent_confirmed=True, channel="web", summary=SUMMARY, district="Thanet"))
    db.commit()
    clock.set(advised)
    token = _sign_in(client, clinician)
    done = client.post(f"/consultations/{made.reference}/advice", data={
        "csrf_token": token, "advice": ADVICE, "recommendation": "universal_targeted_offer", "thrive": "getting_help"})
    assert done.status_code == 200, done.text
    return made.reference


def _time_to_advice(page: str) -> str:
    return re.search(r"<dt>Time to advice</dt><dd>([^<]*)", page).group(1)


def test_advice_given_after_hours_reads_under_an_hour_not_zero(client, db, clock, practitioner, clinician, manager):
    evening = datetime(2026, 11, 23, 18, 30, tzinfo=LONDON)  # Monday, after the office closed at 17:00
    reference = _advised(client, db, clock, practitioner, clinician, received=evening,
                         advised=evening + timedelta(hours=2))
    page = client.get(f"/consultations/{reference}").text
    assert _time_to_advice(page) == "under an hour (within the time limit)"
    assert "0.0" not in page
    client.post("/signout", data={"csrf_token": _csrf(client)})
    _sign_in(client, manager)
    log = client.get("/reports/log").text
    row = re.search(rf"{reference}.*?</tr>", log, re.S).group(0)
    assert "under an hour" in row and "0.0" not in row


def test_advice_a_day_and_some_hours_later_reads_in_working_days_and_hours(client, db, clock, practitioner, clinician):
    # Monday 10:00 to Tuesday 13:00 is 7 + 4 = 11 working hours of an 8-hour working day.
    reference = _advised(client, db, clock, practitioner, clinician,
                         received=datetime(2026, 11, 23, 10, 0, tzinfo=LONDON),
                         advised=datetime(2026, 11, 24, 13, 0, tzinfo=LONDON))
    assert _time_to_advice(client.get(f"/consultations/{reference}").text) == "1 working day 3 hours (within the time limit)"
