"""Block Kit for triage booking: the next free times as buttons, the booking modal, the confirmation."""
from __future__ import annotations

import json
from typing import Any

from booking.present import METHOD_LABELS
from booking.slots import Slot
from bot.views import Block, actions, button, checkboxes, context, modal, radios, section, text_input
from bot.views.answers import ASK_CONSULTATION
from consult import clock, formatting
from consult.consultations.commands import SUMMARY_MAX
from consult.profiles import Profile

PICK_SLOT, BOOK = "pimh_book_slot", "pimh_book"
SHOWN = 8


def slot_label(profile: Profile, slot: Slot) -> str:
    """"Tue 24 Nov 14:00" (consult.formatting; the year only when it is not this year's)."""
    return formatting.date_time(slot.start, today=clock.today_local())


def slots_blocks(profile: Profile, slots: list[Slot]) -> list[Block]:
    if not slots:
        return [section("There are no free triage times in the next few weeks. "
                        "You can ask for a consultation instead and a clinician will respond in writing or call you."),
                actions(button("Request a consultation", ASK_CONSULTATION, "", style="primary"))]
    buttons = [button(slot_label(profile, s), f"{PICK_SLOT}:{i}",
                      json.dumps({"slot": s.id, "methods": list(s.methods), "hub": s.family_hub}))
               for i, s in enumerate(slots[:SHOWN])]
    return [section(f"The next free triage times with the {profile.service_short_name} team "
                    f"({profile.booking.slot_minutes} minutes). Choose one:"),
            actions(*buttons[:5], block_id="slots_1")] + ([actions(*buttons[5:], block_id="slots_2")] if buttons[5:] else []) + [
            context("All times are UK time. You will say how you would like to talk on the next step.")]


def book_modal(profile: Profile, choice: dict[str, Any]) -> dict[str, Any]:
    methods = [(m, METHOD_LABELS[m] + (f" ({choice['hub']})" if m == "in_person" and choice.get("hub") else ""))
               for m in choice.get("methods") or ["phone"]]
    blocks = [
        radios("method", "How would you like to talk?", methods, initial=methods[0][0]),
        text_input("phone", "Your phone number (for a phone call)", optional=True, max_length=40,
                   hint="Kept with the booking for the clinician; never posted in Slack."),
        text_input("summary", "What would you like to discuss?", multiline=True, max_length=SUMMARY_MAX,
                   hint="No names, NHS numbers or dates of birth."),
        checkboxes("consent", "Consent", [("confirmed", "The family knows I am discussing their situation with the service")]),
    ]
    return modal(BOOK, "Book triage", blocks, submit="Book", metadata={"slot": choice["slot"]})


def booked_view(when: str, how: str, reference: str) -> dict[str, Any]:
    return modal(BOOK + "_done", "Booked", [
        section(f":white_check_mark: *Booked* ({reference})\n*When:* {when}\n*How:* {how}"),
        context("A confirmation with links to cancel or move it is on its way to you."),
    ], submit=None)
