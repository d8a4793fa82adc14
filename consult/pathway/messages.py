"""Notice words for the pathway: the reference and the step only, never who the family is."""
from __future__ import annotations

from consult.notify import Notice, Recipient
from consult.referrals.messages import link
from consult.referrals.models import Referral


def did_not_attend_referrer(r: Referral, referrer: Recipient, missed: int) -> Notice:
    text = (f"The family on referral {r.reference} has missed {missed} appointments in a row with the service. "
            "The clinician will decide with you whether to keep trying or close; you may be able to help "
            "them get back in touch.")
    return Notice("family_did_not_attend", f"Referral {r.reference}: missed appointments", text, referrer,
                  reference=r.reference, link=link(r), data={"reference": r.reference, "missed": missed})


def did_not_attend_review(r: Referral, clinician: Recipient | None, missed: int) -> Notice:
    text = (f"Referral {r.reference}: {missed} appointments missed in a row. Please decide whether to close "
            "or to keep the family open, on the referral's appointments page.")
    return Notice("did_not_attend_review", f"Referral {r.reference}: decide whether to close", text, clinician,
                  audience="person" if clinician else "triage", reference=r.reference,
                  link=link(r, "/appointments"), data={"reference": r.reference, "missed": missed})
