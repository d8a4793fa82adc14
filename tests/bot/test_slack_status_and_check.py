from __future__ import annotations

import json

from tests.bot.conftest import JO, PRIYA
from tests.bot.helpers import request_consultation


def test_status_lists_the_practitioners_open_requests(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    slack.command("status")
    said = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    assert c.reference in said.text() and "waiting for a clinician" in said.text()
    assert "No triage discussions booked" in said.text()


def test_app_home_shows_a_clinician_the_queue_and_a_practitioner_their_requests(slack, fake_slack, linked):
    c = request_consultation(slack, fake_slack)
    slack.event({"type": "app_home_opened", "user": PRIYA, "channel": "D-HOME", "tab": "home"}, event_id="Ev-home-1")
    home = fake_slack.wait_for("views.publish")[0]
    assert home.args["user_id"] == PRIYA and home.args["view"]["type"] == "home"
    assert "Consultation queue" in home.text() and c.reference in home.text() and "working hours left" in home.text()

    slack.event({"type": "app_home_opened", "user": JO, "channel": "D-HOME", "tab": "home"}, event_id="Ev-home-2")
    mine = fake_slack.wait_for("views.publish", 2)[1]
    assert "Your open requests" in mine.text() and c.reference in mine.text()


def test_check_opens_the_readiness_modal_and_shows_the_checklist_without_storing_anything(slack, fake_slack, linked):
    slack.command("check")
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "pimh_check"
    assert "nhs_number" not in json.dumps(modal)  # never asked for in Slack

    result = slack.submit("pimh_check", {
        "source": ("select", "health_visiting"), "consent": ["informed", "linkage"], "nhs": ["parent", "baby"],
        "district": ("select", "Medway"), "concerns": ["not_bonding"],
        "description": "Mum says she feels detached from her baby and struggles to respond when he cries at night.",
        "infant_dob": None, "due_date": None,
    }).json()
    assert result["response_action"] == "update"
    text = json.dumps(result["view"])
    assert "Medway" in text and ":x:" in text  # outside the area, and the baby's age is unknown
    assert "checked (length and check digit) on the secure web form" in text


def test_a_clean_check_says_nothing_is_missing(slack, linked):
    result = slack.submit("pimh_check", {
        "source": ("select", "midwifery"), "consent": ["informed", "linkage"], "nhs": ["parent", "baby"],
        "district": ("select", "Thanet"), "concerns": ["not_bonding"], "infant_dob": ("date", "2026-05-01"),
        "description": "Mum says she feels detached from her baby and struggles to respond when he cries at night.",
    }).json()
    assert "Nothing is missing" in json.dumps(result["view"])


def test_status_lists_a_triage_booking_made_on_the_web_until_it_is_cancelled(slack, fake_slack, linked, db):
    from datetime import time

    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile
    from tests.booking.conftest import booking_body

    add_weekly_rule(db=db, profile=active_profile(), clinician_id=linked[1].id, weekday=1,
                    starts=time(14, 0), ends=time(15, 0), methods=("phone", "video"))
    db.commit()
    slot = slack.client.get("/api/triage/slots").json()["slots"][0]
    # Booked through the web API signed in as Jo (her token): it is Jo's in Slack too.
    booked = slack.client.post("/api/triage/bookings", json=booking_body(slot["id"], method="video"),
                               headers=linked[0].headers).json()
    slack.command("status")
    said = fake_slack.wait_for(f"response/cmd-{JO}")[0].text()
    assert booked["reference"] in said and "Tuesday 24 November at 14:00 · Video call" in said
    assert "No triage discussions booked" not in said

    slack.client.post(booked["cancel_url"].replace("http://127.0.0.1:8000", ""))
    fake_slack.reset()
    slack.command("status")
    said = fake_slack.wait_for(f"response/cmd-{JO}")[0].text()
    assert booked["reference"] not in said and "No triage discussions booked" in said
