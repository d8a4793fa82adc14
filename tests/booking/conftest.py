"""Fixtures for booking tests: a clinician with a weekly triage rota, and a valid booking body."""
from __future__ import annotations

from datetime import time

import pytest

from consult.profiles import active_profile


@pytest.fixture
def rota(db, clinician):
    """Priya Castell holds triage every weekday 09:00-17:00 by phone or video, Thursdays at the
    Thanet Family Hub in person too, and the Tuesday evening and Saturday morning sessions."""
    from booking.rota import add_weekly_rule

    profile = active_profile()
    for weekday in range(5):
        methods = ("phone", "video", "in_person") if weekday == 3 else ("phone", "video")
        hub = "Thanet Family Hub" if weekday == 3 else None
        add_weekly_rule(db=db, profile=profile, clinician_id=clinician.id, weekday=weekday,
                        starts=time(9), ends=time(17), methods=methods, family_hub=hub)
    add_weekly_rule(db=db, profile=profile, clinician_id=clinician.id, weekday=1, starts=time(17, 30), ends=time(19, 30))
    add_weekly_rule(db=db, profile=profile, clinician_id=clinician.id, weekday=5, starts=time(9, 30), ends=time(12, 30))
    db.commit()
    return clinician


def booking_body(slot_id: str, **overrides) -> dict:
    body = {
        "slot_id": slot_id,
        "method": "phone",
        "practitioner": {
            "name": "Jo Pellow", "email": "jo.pellow@nhs.net", "phone": "01632 960 123",
            "role": "Health visitor", "organisation": "Community health trust", "district": "Thanet",
        },
        "summary": "Mother finding it hard to settle a three month old; low mood since the birth; wants to talk through next steps.",
        "consent_confirmed": True,
    }
    for key, value in overrides.items():
        if key in body["practitioner"]:
            body["practitioner"][key] = value
        else:
            body[key] = value
    return body


def first_slot(client, **params) -> dict:
    slots = client.get("/api/triage/slots", params=params).json()["slots"]
    assert slots, "the rota should offer slots"
    return slots[0]
