"""Block Kit for consultations: the request modal, the triage card, the advice and feedback modals,
and the practitioner's DMs. Labels only; every rule lives in consult.consultations."""
from __future__ import annotations

from typing import Any

from bot.replies import when
from bot.views import (
    Block,
    actions,
    button,
    checkboxes,
    context,
    header,
    modal,
    number,
    radios,
    section,
    select,
    text_input,
)
from consult.consultations.commands import SUMMARY_MAX
from consult.consultations.models import Consultation
from consult.consultations.rules import DOMAIN_LABELS, DOMAINS
from consult.profiles import Profile

CONSULT, ADVICE, FEEDBACK = "pimh_consult", "pimh_advice", "pimh_feedback"
CLAIM, RESPOND, GIVE_FEEDBACK = "pimh_claim", "pimh_respond", "pimh_feedback_open"

CONCERN_LABELS = {
    "not_bonding": "The parent feels they are not bonding with the baby",
    "no_positive_relationship": "No positive relationship with the baby",
    "own_parent_relationship": "Their own parents' relationship is getting in the way",
    "negative_thoughts": "Negative thoughts or feelings about the relationship",
    "trauma": "Trauma is affecting the relationship",
    "additional_difficulties": "Other difficulties (ill health, stress) affect parenting",
    "infant_distress_signs": "The baby shows signs of distress",
}
RECOMMENDATION_LABELS = {
    "pir_referral_advised": "Referral for parent-infant relationship work advised",
    "not_eligible_guidance": "Not eligible, with guidance",
    "universal_targeted_offer": "Universal or targeted offer",
    "perinatal_mental_health": "Perinatal mental health service",
    "safeguarding_route": "Safeguarding route",
    "other_service": "Another service",
}
THRIVE_LABELS = {
    "thriving": "Thriving", "getting_advice": "Getting advice", "getting_help": "Getting help",
    "getting_more_help": "Getting more help", "getting_risk_support": "Getting risk support",
}
CONTACT_LABELS = {"chat": "Reply here in Slack", "phone": "Phone me back", "video": "Video call", "email": "Email"}
SCALE = [(str(n), str(n)) for n in range(1, 6)]


def consult_modal(profile: Profile, *, district: str | None, question: str = "") -> dict[str, Any]:
    blocks = [
        context("Describe the situation without naming the family: no names, NHS numbers, dates of birth or addresses."),
        text_input("summary", "What would you like advice on?", multiline=True, initial=question or None,
                   max_length=SUMMARY_MAX, hint="At least a couple of sentences: what you have seen and what you are unsure about."),
        checkboxes("concerns", "Relationship concerns", list(CONCERN_LABELS.items()), optional=True),
        number("infant_age_months", "Baby's age in months", maximum=60, hint="Leave empty during pregnancy."),
        checkboxes("antenatal", "Pregnancy", [("yes", "The baby is not born yet")], optional=True),
        select("district", "District where the family lives", [(d, d) for d in profile.districts], initial=district),
        radios("urgency", "How soon do you need advice?",
               [("routine", "Routine: within the usual time"), ("urgent", "Urgent: as soon as possible")], initial="routine"),
        radios("preferred_contact", "How should the clinician contact you?", list(CONTACT_LABELS.items()), initial="chat"),
        text_input("callback_phone", "Your phone number for a call-back", optional=True, max_length=40,
                   hint="Only if you chose a call-back. Kept on the record, never posted in Slack."),
        text_input("callback_window", "When can we call you?", optional=True, max_length=120,
                   placeholder="e.g. Tuesday 1-3pm"),
        checkboxes("consent", "Consent", [("confirmed", "The parent knows I am seeking advice and agrees")]),
    ]
    return modal(CONSULT, "Ask for a consultation", blocks, submit="Send request")


def _status_line(c: Consultation, names: dict[int, str]) -> str:
    if c.status == "acknowledged":
        return ":hourglass_flowing_sand: Waiting to be claimed"
    if c.status == "claimed":
        return f":raising_hand: Claimed by {names.get(c.claimed_by_id, 'a clinician')}"  # type: ignore[arg-type]
    if c.status == "advised":
        outcome = RECOMMENDATION_LABELS.get(c.recommendation or "", "")
        return f":white_check_mark: Advised by {names.get(c.advised_by_id, 'a clinician')}: {outcome}"  # type: ignore[arg-type]
    return f"Status: {c.status}"


def triage_card(c: Consultation, names: dict[int, str], summary: str, link: str | None) -> list[Block]:
    urgent = " · URGENT" if c.urgency == "urgent" else ""
    age = "pregnancy" if c.antenatal else (f"{c.infant_age_months} months" if c.infant_age_months is not None else "not given")
    contact = CONTACT_LABELS.get(c.preferred_contact, c.preferred_contact)
    if c.callback_window:
        contact += f" ({c.callback_window})"
    concerns = "; ".join(CONCERN_LABELS.get(code, code) for code in c.concern_codes) or "none ticked"
    blocks = [
        header(f"{c.reference}{urgent}"),
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*District*\n{c.district}"},
            {"type": "mrkdwn", "text": f"*Baby's age*\n{age}"},
            {"type": "mrkdwn", "text": f"*Respond by*\n{when(c.respond_by)}"},
            {"type": "mrkdwn", "text": f"*Contact*\n{contact}"},
        ]},
        section(summary),
        context(f"Concerns: {concerns}"),
        context(f"From {c.practitioner_name}, {c.practitioner_role or 'role not given'}, {c.organisation or 'organisation not given'}"),
        section(_status_line(c, names)),
    ]
    buttons = []
    if c.status == "acknowledged":
        buttons.append(button("Claim", CLAIM, c.reference, style="primary"))
    if c.status in ("acknowledged", "claimed"):
        buttons.append(button("Respond", RESPOND, c.reference))
    if link:
        buttons.append({"type": "button", "text": {"type": "plain_text", "text": "Open record"}, "url": link,
                        "action_id": "pimh_open_record"})
    if buttons:
        blocks.append(actions(*buttons, block_id="triage"))
    return blocks


def advice_modal(c: Consultation, summary: str) -> dict[str, Any]:
    scores = [(str(n), str(n)) for n in range(1, 7)]
    blocks: list[Block] = [
        context(f"{c.reference} · {c.district} · {summary[:500]}"),
        text_input("advice", "Advice and guidance for the practitioner", multiline=True, max_length=8000,
                   hint="Full sentences; no names or identifiers. The practitioner receives this in Slack."),
        select("recommendation", "Recommendation", list(RECOMMENDATION_LABELS.items())),
        select("thrive", "THRIVE level", list(THRIVE_LABELS.items())),
    ]
    blocks += [select(f"score_{d}", DOMAIN_LABELS[d], scores, optional=True) for d in DOMAINS]
    blocks.append(text_input("learning_needs", "Learning needs you noticed", optional=True, max_length=500))
    return modal(ADVICE, "Advice and outcome", blocks, submit="Send advice", metadata={"reference": c.reference})


def feedback_modal(reference: str) -> dict[str, Any]:
    blocks = [
        section(f"How did the advice on *{reference}* help? Two minutes; it shows the commissioner what the service changes."),
        radios("helpfulness", "How helpful was the advice? (1 not at all, 5 very)", SCALE),
        radios("confidence_before", "Your confidence about the case before (1-5)", SCALE),
        radios("confidence_after", "Your confidence after (1-5)", SCALE),
        text_input("comment", "Anything else?", multiline=True, optional=True, max_length=2000),
    ]
    return modal(FEEDBACK, "Feedback", blocks, submit="Send feedback", metadata={"reference": reference})


def acknowledgement_blocks(reference: str, respond_by: str, closed_note: str | None) -> list[Block]:
    blocks = [section(f":white_check_mark: We have your consultation request *{reference}*. "
                      f"A clinician will respond by *{respond_by}*.")]
    if closed_note:
        blocks.append(context(closed_note))
    blocks.append(context("Reply in this thread to add anything for the clinician; they can reply here too. "
                          "Please don't include names, NHS numbers or dates of birth."))
    return blocks


def advice_blocks(c: Consultation, clinician: str) -> list[Block]:
    return [
        header(f"Advice on {c.reference}"),
        section(c.advice or ""),
        context(f"From {clinician} · {RECOMMENDATION_LABELS.get(c.recommendation or '', '')} · "
                f"THRIVE: {THRIVE_LABELS.get(c.thrive or '', '')}"),
        actions(button("Give feedback", GIVE_FEEDBACK, c.reference, style="primary")),
    ]
