"""`/pimh check`: the referral-readiness check as a modal; the checklist replaces it. Nothing stored.

A clean check offers a link to the secure web form with the answers sealed in it: the family's
identifiers are typed and the referral sent there, never in Slack."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from slack_bolt import Ack, App

from bot.commands import Slash, command
from bot.views import submitted
from bot.views.readiness import CHECK, SEND, check_modal, checklist_view, is_clean
from consult.profiles import active_profile
from consult.readiness.drafts import draft_link
from consult.readiness.schemas import Referral
from consult.readiness.service import check_referral


@command("check")
def open_check(slash: Slash) -> None:
    slash.client.views_open(trigger_id=slash.trigger_id, view=check_modal(active_profile()))


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def referral_from(v: dict[str, Any]) -> Referral:
    """The modal's answers as the readiness rules' typed referral (no NHS numbers: see the view)."""
    ticked: Callable[[str, str], bool] = lambda block, option: option in (v.get(block) or [])  # noqa: E731
    return Referral.model_validate({
        "referrer": {"source": v.get("source")},
        "consent": {"informed_consent_to_referral": ticked("consent", "informed"),
                    "data_linkage_consent": ticked("consent", "linkage")},
        "parent": {"district": v.get("district"), "interpreter_required": ticked("interpreter", "yes")},
        "infant": {"date_of_birth": v.get("infant_dob"), "expected_due_date": v.get("due_date")},
        "concerns": v.get("concerns") or [],
        "description": v.get("description") or None,
        "safeguarding": {"concerns": ticked("safeguarding", "concerns"),
                         "procedures_followed": ticked("safeguarding", "followed"),
                         "child_protection_investigation": ticked("safeguarding", "investigation")},
        "screening": {"phq9": {"total": _int(v.get("phq9_total")), "item9": _int(v.get("phq9_item9"))},
                      "gad7": {"total": _int(v.get("gad7_total"))},
                      "mors_sf": {"warmth": _int(v.get("mors_warmth")), "invasion": _int(v.get("mors_invasion"))}},
    })


def _submit(ack: Ack, view: dict[str, Any]) -> None:
    v = submitted(view)
    try:
        referral = referral_from(v)
    except ValidationError:
        ack(response_action="errors", errors={"infant_dob": "Choose real dates from the calendar."})
        return
    result = check_referral(referral=referral, profile=active_profile())
    have_nhs = set(v.get("nhs") or [])
    link = draft_link(referral) if is_clean(result, have_nhs) else None
    ack(response_action="update", view=checklist_view(result, have_nhs, link=link, description=v.get("description")))


def register(app: App) -> None:
    app.view(CHECK)(_submit)
    # The send button is a link: Slack opens it and still posts the click, which only needs an ack.
    app.action(SEND)(lambda ack: ack())
