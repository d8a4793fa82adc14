"""A draft referral handed from the Slack check to the secure web form, sealed inside the link.

Slack never asks for a family's identifiers, so a referral checked there is finished and sent on
/referrals/check. The link carries the answers already given so nothing is typed twice: encrypted
(a baby's date of birth or the description must not sit readable in a URL, browser history or a
proxy's log), valid for two hours, and stored nowhere on the server.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote

from consult.privacy.crypto import SealExpired, SealInvalid, open_sealed, seal
from consult.readiness.forms import CHECKBOX_FIELDS, SCORE_FIELDS, YES_NO_FIELDS
from consult.readiness.schemas import Referral
from consult.readiness.wording import CONCERNS
from consult.settings import get_settings

__all__ = ["CARRIED", "LIFETIME", "Draft", "DraftLink", "SealExpired", "SealInvalid", "draft_link", "open_draft"]

PURPOSE = "readiness-draft"
LIFETIME = timedelta(hours=2)
PAGE = "/referrals/check"
# Slack refuses a button whose URL is longer than this.
SLACK_URL_LIMIT = 3000

# Only what the Slack check asks: names, NHS numbers, the parent's date of birth and the postcode
# never travel in a link, whatever the caller passes.
CARRIED = (
    "referrer.source", "consent.informed_consent_to_referral", "consent.data_linkage_consent", "parent.district",
    "parent.interpreter_required", "infant.date_of_birth", "infant.expected_due_date", "description",
    *YES_NO_FIELDS, *SCORE_FIELDS,
)


@dataclass(frozen=True)
class Draft:
    values: dict[str, str]          # the web form's field name -> what the form shows
    concerns: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DraftLink:
    url: str
    left_out: tuple[str, ...] = ()  # answers too long to carry in a link Slack accepts


def _get(referral: Referral, dotted: str) -> Any:
    value: Any = referral
    for part in dotted.split("."):
        value = getattr(value, part, None)
    return value


def _as_form_text(name: str, value: Any) -> str:
    """What the web form would hold for `value` (the inverse of forms.parse_form)."""
    if value is None:
        return ""
    if name in CHECKBOX_FIELDS:
        return "yes" if value is True else ""
    if name in YES_NO_FIELDS:
        return {True: "yes", False: "no"}.get(value, "")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def draft_from(referral: Referral) -> Draft:
    values = {name: _as_form_text(name, _get(referral, name)) for name in CARRIED}
    # The form asks about procedures only when there are concerns (its hint says so): an unticked
    # box in Slack with no concerns is "not asked", not "no".
    if values["safeguarding.concerns"] != "yes" and values["safeguarding.procedures_followed"] == "no":
        values["safeguarding.procedures_followed"] = ""
    return Draft({k: v for k, v in values.items() if v}, [c for c in referral.concerns or [] if c in CONCERNS])


def _url(draft: Draft) -> str:
    token = seal({"v": draft.values, "c": draft.concerns}, purpose=PURPOSE)
    return f"{get_settings().base_url.rstrip('/')}{PAGE}?draft={quote(token, safe='')}"


def draft_link(referral: Referral) -> DraftLink:
    """The web form's address with `referral`'s answers sealed in it. A description too long for
    a Slack button's URL is left out (and named in `left_out`) rather than cut short."""
    draft = draft_from(referral)
    url = _url(draft)
    if len(url) <= SLACK_URL_LIMIT or "description" not in draft.values:
        return DraftLink(url)
    shorter = Draft({k: v for k, v in draft.values.items() if k != "description"}, draft.concerns)
    return DraftLink(_url(shorter), left_out=("description",))


def open_draft(token: str) -> Draft:
    """The answers sealed by draft_link(); SealExpired after LIFETIME, SealInvalid if altered."""
    payload = open_sealed(token, purpose=PURPOSE, max_age=LIFETIME)
    values, concerns = payload.get("v"), payload.get("c")
    if not isinstance(values, dict) or not isinstance(concerns, list):
        raise SealInvalid("the link is not valid")
    return Draft({k: v for k, v in values.items() if k in CARRIED and isinstance(v, str)},
                 [c for c in concerns if c in CONCERNS])
