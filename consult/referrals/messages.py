"""The words of every referral notice: the reference, the district, the stage and the dates.

Never a name, NHS number, date of birth, postcode, phone number or the description: a referral's
identifiable details are read in the service, signed in, where every read is audited.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from consult import clock, formatting
from consult.notify import Notice, Recipient
from consult.referrals.models import Referral
from consult.settings import get_settings


def _when(instant: datetime) -> str:
    return formatting.spoken(instant, today=clock.today_local())


def link(referral: Referral, suffix: str = "") -> str:
    return f"{get_settings().base_url.rstrip('/')}/referrals/{referral.reference}{suffix}"


def _data(r: Referral, **extra: Any) -> dict[str, Any]:
    return {"reference": r.reference, "status": r.status, "district": r.district,
            "triage_by": r.triage_by.isoformat(), **extra}


def acknowledgement(r: Referral, referrer: Recipient) -> Notice:
    text = (f"Thank you: we have your referral {r.reference}. A clinician will triage it by "
            f"{_when(r.triage_by)} and tell you the outcome. You can follow it at the link below.")
    return Notice("acknowledgement", f"Referral {r.reference} received", text, referrer,
                  reference=r.reference, link=link(r), data=_data(r))


def new_referral(r: Referral) -> Notice:
    text = f"New referral {r.reference} ({r.district}) to triage by {_when(r.triage_by)}."
    return Notice("new_referral", f"New referral {r.reference}", text, audience="triage",
                  reference=r.reference, link=link(r, "/triage"), data=_data(r))


OUTCOME_WORDS = {
    "eligible": "is eligible: the team will contact the family to arrange an assessment",
    "not_eligible": "does not meet the service's criteria; the guidance page says why and where the family can be supported",
    "more_information": "needs more information before it can be triaged; please read the clinician's questions",
}


def triaged(r: Referral, referrer: Recipient) -> Notice:
    text = f"Your referral {r.reference} has been triaged: it {OUTCOME_WORDS[r.triage_outcome or 'eligible']}."
    return Notice("referral_triaged", f"Referral {r.reference} triaged", text, referrer,
                  reference=r.reference, link=link(r), data=_data(r, outcome=r.triage_outcome))


def closed(r: Referral, referrer: Recipient) -> Notice:
    text = (f"The service's work with the family on referral {r.reference} has ended. The end-of-contact "
            "letter is at the link below.")
    return Notice("end_of_contact", f"Referral {r.reference}: end of contact", text, referrer,
                  reference=r.reference, link=link(r, "/letter.pdf"), data=_data(r))


def escalation(r: Referral, state: str, recipients: list[Recipient]) -> list[Notice]:
    """Due soon or overdue for triage: to the triage channel and each person, reference and times only."""
    if state == "overdue":
        words = f"Referral {r.reference} ({r.district}) has passed its triage time limit ({_when(r.triage_by)})."
    else:
        words = f"Referral {r.reference} ({r.district}) is due soon: triage is needed by {_when(r.triage_by)}."
    data = _data(r, state=state)
    return [Notice("escalation", words, words, person, audience="person" if person else "triage",
                   reference=r.reference, link=link(r), data=data) for person in [None, *recipients]]
