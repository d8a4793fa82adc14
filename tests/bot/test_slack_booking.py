from __future__ import annotations

import json
from datetime import time

from sqlalchemy import select

from tests.bot.conftest import JO


def _rota(db, clinician) -> None:
    from booking.rota import add_weekly_rule
    from consult.profiles import active_profile

    add_weekly_rule(db=db, profile=active_profile(), clinician_id=clinician.id, weekday=1,
                    starts=time(14, 0), ends=time(15, 0), methods=("phone", "video"))
    db.commit()


def _slot_buttons(call) -> list[dict]:
    return [e for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_book_shows_the_next_free_slots_as_buttons_and_books_one(slack, fake_slack, linked, db):
    from booking.models import Booking

    _rota(db, linked[1])
    slack.command("book")
    listing = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    buttons = _slot_buttons(listing)
    assert buttons[0]["text"]["text"] == "Tue 24 Nov 14:00"
    assert buttons[1]["text"]["text"] == "Tue 24 Nov 14:30"

    slack.post(_click(fake_slack, buttons[0]))
    modal = fake_slack.wait_for("views.open")[0].args["view"]
    assert modal["callback_id"] == "pimh_book"
    choice = json.loads(buttons[0]["value"])

    done = slack.submit("pimh_book", {"method": ("select", "video"), "phone": None,
                                      "summary": "Talking through a dad who finds it hard to settle his baby.",
                                      "consent": ["confirmed"]}, metadata={"slot": choice["slot"]}).json()
    assert done["response_action"] == "update" and "Tuesday 24 November 2026, 14:00" in json.dumps(done["view"])
    made = db.scalars(select(Booking)).one()
    assert made.method == "video" and made.user_id == linked[0].id
    confirmation = fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == JO and made.reference in c.text())
    assert "14:00" in confirmation[0].text()


def test_a_slot_someone_else_just_took_is_refused_in_the_modal(slack, fake_slack, linked, db):
    _rota(db, linked[1])
    slack.command("book")
    choice = json.loads(_slot_buttons(fake_slack.wait_for(f"response/cmd-{JO}")[0])[0]["value"])
    values = {"method": ("select", "phone"), "phone": "01632 960000",
              "summary": "Talking through a dad who finds it hard to settle his baby.", "consent": ["confirmed"]}
    assert slack.submit("pimh_book", values, metadata={"slot": choice["slot"]}, view_id="V1").json()["response_action"] == "update"
    second = slack.submit("pimh_book", values, metadata={"slot": choice["slot"]}, view_id="V2").json()
    assert second["response_action"] == "errors" and "someone else" in second["errors"]["method"]


def test_with_no_free_slots_the_bot_offers_a_consultation_instead(slack, fake_slack, linked):
    slack.command("book")
    listing = fake_slack.wait_for(f"response/cmd-{JO}")[0]
    assert "no free triage times" in listing.text()
    assert _slot_buttons(listing)[0]["action_id"] == "pimh_consult_from_question"


def _click(fake, element) -> str:
    from bot.testing import action_payload, interaction_body

    payload = action_payload(element["action_id"], element["value"], user_id=JO, response_url=fake.response_url("book"))
    return interaction_body(payload)
