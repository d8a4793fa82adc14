"""Shared steps for the Slack tests: a complete consultation modal and a request made through it."""
from __future__ import annotations

import time

from sqlalchemy import select

SUMMARY = ("Mum of a four month old says she feels nothing when she holds the baby and avoids eye contact; "
           "health visiting contacts have not helped and I am unsure what to suggest next.")


def consult_values(**overrides):
    values = {
        "summary": SUMMARY,
        "concerns": ["not_bonding", "negative_thoughts"],
        "infant_age_months": "4",
        "antenatal": [],
        "district": ("select", "Thanet"),
        "urgency": ("select", "routine"),
        "preferred_contact": ("select", "chat"),
        "callback_phone": None,
        "callback_window": None,
        "consent": ["confirmed"],
    }
    values.update(overrides)
    return values


def request_consultation(slack, fake, view_id: str = "V-CONSULT-1"):
    """Submit the modal as the practitioner; wait for the DM and the triage card; return the consultation."""
    from consult.consultations.models import Consultation
    from consult.db import session_scope
    from tests.bot.conftest import JO, TRIAGE

    response = slack.submit("pimh_consult", consult_values(), user=JO, view_id=view_id)
    assert response.status_code == 200
    fake.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == TRIAGE)
    fake.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == JO)
    # The notifier records each message's ts after Slack has answered the post: wait for both rows
    # too, or a test that next reads them (or replies in their threads) races the notifier's commit.
    _wait_for_messages({"triage", "practitioner"})
    with session_scope() as db:
        return db.scalars(select(Consultation)).one()


def _wait_for_messages(kinds: set[str], timeout: float = 10.0) -> None:
    from bot.models import SlackMessage
    from consult.db import session_scope

    deadline = time.monotonic() + timeout
    while True:
        with session_scope() as db:
            recorded = set(db.scalars(select(SlackMessage.kind)))
        if kinds <= recorded:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the notifier recorded {sorted(recorded)}, not {sorted(kinds)}, within {timeout} s")
        time.sleep(0.01)
