"""The words of the line's notices: the call's reference and times only.

Never the caller's number and never their name: a notice can go to Slack, and who rang the line
about a case is read in the service, signed in, where every read is audited.
"""
from __future__ import annotations

from datetime import datetime

from consult import clock, formatting
from consult.notify import Notice, Recipient
from consult.settings import get_settings
from consult.telephony.models import PhoneCall


def _when(instant: datetime) -> str:
    return formatting.spoken(instant, today=clock.today_local())


def link(call: PhoneCall) -> str:
    return f"{get_settings().base_url.rstrip('/')}/telephony/calls/{call.id}"


def escalation(call: PhoneCall, state: str, recipients: list[Recipient]) -> list[Notice]:
    """A call-back due soon or overdue: to the triage channel and each person, as requests are."""
    assert call.callback_due is not None
    if state == "overdue":
        words = f"Call-back {call.reference} has passed its time limit ({_when(call.callback_due)})."
    else:
        words = f"Call-back {call.reference} is due soon: call back by {_when(call.callback_due)}."
    data = {"reference": call.reference, "state": state, "callback_due": call.callback_due.isoformat()}
    return [Notice("escalation", words, words, person, audience="person" if person else "triage",
                   reference=call.reference, link=link(call), data=data) for person in [None, *recipients]]
