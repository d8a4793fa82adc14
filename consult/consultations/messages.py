"""The words of every consultation notice. References, non-identifying summaries and times only."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from consult import clock, formatting
from consult.consultations.models import Consultation
from consult.notify import Notice, Recipient
from consult.settings import get_settings

SUMMARY_PREVIEW = 200


def _when(instant: datetime) -> str:
    return formatting.spoken(instant, today=clock.today_local())


def _link(consultation: Consultation, suffix: str = "") -> str:
    return f"{get_settings().base_url.rstrip('/')}/consultations/{consultation.reference}{suffix}"


def _preview(consultation: Consultation) -> str:
    text = " ".join(consultation.summary.split())
    return text if len(text) <= SUMMARY_PREVIEW else text[: SUMMARY_PREVIEW - 1].rstrip() + "…"


def _data(c: Consultation, **extra: Any) -> dict[str, Any]:
    return {"reference": c.reference, "status": c.status, "urgency": c.urgency, "district": c.district,
            "respond_by": c.respond_by.isoformat(), "summary": _preview(c), **extra}


def acknowledgement(c: Consultation, practitioner: Recipient) -> Notice:
    text = (
        f"Thank you: we have your consultation request {c.reference}. A clinician from the team will "
        f"respond by {_when(c.respond_by)}. You can follow it at the link below. Please do not send "
        "the family's name, NHS number or address."
    )
    return Notice("acknowledgement", f"Consultation request {c.reference} received", text, practitioner,
                  reference=c.reference, link=_link(c), data=_data(c))


def new_request(c: Consultation, offered_to: Recipient | None) -> list[Notice]:
    urgent = "URGENT " if c.urgency == "urgent" else ""
    text = (f"New {urgent}consultation request {c.reference} ({c.district}), respond by "
            f"{_when(c.respond_by)}: {_preview(c)}")
    notices = [Notice("new_request", f"New {urgent.lower()}consultation request {c.reference}", text,
                      audience="triage", reference=c.reference, link=_link(c), data=_data(c))]
    if offered_to is not None:
        notices.append(Notice("new_request", f"Offered to you: {c.reference}",
                              f"You are on duty and have the fewest open requests, so {c.reference} is offered "
                              f"to you first. {text}", offered_to, reference=c.reference, link=_link(c),
                              data=_data(c, offered=True)))
    return notices


def handover(c: Consultation, to: Recipient, by_name: str) -> Notice:
    return Notice("handover", f"{c.reference} handed over to you",
                  f"{by_name} handed consultation {c.reference} over to you; respond by {_when(c.respond_by)}.",
                  to, reference=c.reference, link=_link(c), data=_data(c))


def advice(c: Consultation, practitioner: Recipient, clinician_name: str) -> Notice:
    return Notice("advice", f"Advice on consultation {c.reference}",
                  f"{clinician_name} has recorded advice and guidance on your consultation {c.reference}. "
                  "Read it by signing in at the link below.",
                  practitioner, reference=c.reference, link=_link(c), data=_data(c, clinician=clinician_name))


def feedback_prompt(c: Consultation, practitioner: Recipient) -> Notice:
    return Notice("feedback_prompt", f"How did consultation {c.reference} help?",
                  f"Two minutes, please: how helpful was the advice on {c.reference}, and how confident did "
                  "you feel before and after? Your answers show the commissioner what the service changes.",
                  practitioner, reference=c.reference, link=_link(c, "/feedback"), data=_data(c))


def escalation(c: Consultation, state: str, recipients: Sequence[Recipient]) -> list[Notice]:
    if state == "overdue":
        words = f"{c.reference} has passed its time limit ({_when(c.respond_by)}) without advice."
    else:
        words = f"{c.reference} is due soon: advice is needed by {_when(c.respond_by)}."
    claimed = "It is unclaimed." if c.claimed_by_id is None else ""
    text = f"{words} {claimed}".strip()
    data = _data(c, state=state)
    notices = [Notice("escalation", words, text, audience="triage", reference=c.reference, link=_link(c), data=data)]
    notices += [Notice("escalation", words, text, r, reference=c.reference, link=_link(c), data=data) for r in recipients]
    return notices


def digest(recipient: Recipient, day_label: str, lines: Sequence[str], counts: dict[str, int],
           other_lines: Sequence[str] = ()) -> Notice:
    head = (f"Triage digest for {day_label}: {counts['open']} open consultation requests, "
            f"{counts['overdue']} overdue, {counts['due_soon']} due soon, {counts['unclaimed']} unclaimed.")
    body = head + ("\n" + "\n".join(lines) if lines else "\nNothing is waiting.")
    if other_lines:  # the rest of the clinicians' queue (consult/queue.py), e.g. referrals to triage
        body += "\n" + "\n".join(other_lines)
    return Notice("digest", f"Triage digest {day_label}", body, recipient,
                  link=f"{get_settings().base_url.rstrip('/')}/consultations", data={"counts": counts})
