"""Block Kit for the referral-readiness check: the form as a modal and the checklist it returns.

NHS numbers are never asked for in Slack: the form asks whether the practitioner has them, and
the checklist says the numbers themselves are checked on the secure web form. A clean check links
to that form with the answers sealed in the link, so the family's details are typed there only."""
from __future__ import annotations

from typing import Any

from bot.views import (
    Block,
    actions,
    checkboxes,
    context,
    datepicker,
    modal,
    number,
    plain,
    section,
    select,
    text_input,
)
from bot.views.consultations import CONCERN_LABELS
from consult.profiles import Profile
from consult.readiness.drafts import LIFETIME, DraftLink
from consult.readiness.results import Readiness

CHECK = "pimh_check"
SEND = "pimh_check_send"  # the link button: Slack still posts the click, which bolt must ack
NHS_ITEMS = {"parent_nhs_number": "parent", "infant_nhs_number": "baby"}
ICONS = {"ok": ":white_check_mark:", "warning": ":warning:", "problem": ":x:"}


def check_modal(profile: Profile) -> dict[str, Any]:
    sources = [(code, s.label) for code, s in profile.referral_sources.items()]
    sources += [("self", "The parent themselves"), ("family", "A family member or friend")]
    places = [(d, d) for d in profile.districts] + [(d, d) for d in profile.contacts.out_of_area]
    places.append(("elsewhere", f"Somewhere else outside {profile.area_name}"))
    blocks = [
        context("Nothing you enter here is stored. Don't type names, NHS numbers or addresses into Slack."),
        select("source", "Who is referring (your service)", sources),
        checkboxes("consent", "Consent", [("informed", "The parent gave informed consent to this referral"),
                                          ("linkage", "The parent agreed to data linkage")], optional=True),
        checkboxes("nhs", "NHS numbers", [("parent", "I have the parent's NHS number"),
                                          ("baby", "I have the baby's NHS number")], optional=True),
        select("district", "Where the family lives", places),
        datepicker("infant_dob", "Baby's date of birth", hint="Leave empty during pregnancy."),
        datepicker("due_date", "Expected due date (during pregnancy)"),
        checkboxes("concerns", "Relationship concerns", list(CONCERN_LABELS.items()), optional=True),
        text_input("description", "How is the relationship between parent and baby affected?", multiline=True,
                   optional=True, max_length=3000),
        checkboxes("safeguarding", "Safeguarding", [
            ("concerns", "There are safeguarding concerns"), ("followed", "Safeguarding procedures have been followed"),
            ("investigation", "A child protection investigation is under way")], optional=True),
        checkboxes("interpreter", "Language", [("yes", "The parent needs an interpreter")], optional=True),
        number("phq9_total", "PHQ-9 total", maximum=100), number("phq9_item9", "PHQ-9 item 9", maximum=100),
        number("gad7_total", "GAD-7 total", maximum=100),
        number("mors_warmth", "MORS-SF warmth", maximum=100), number("mors_invasion", "MORS-SF invasion", maximum=100),
    ]
    return modal(CHECK, "Referral check", blocks, submit="Check")


def to_sort_out(result: Readiness, have_nhs: set[str]) -> int:
    """Problems left, counting an NHS number the practitioner says they have (never typed here) as
    present and the missing numbers as one."""
    other_problems = [f for i in result.items if i.key not in NHS_ITEMS for f in i.outcome.problems]
    nhs_missing = any(i.outcome.problems and NHS_ITEMS[i.key] not in have_nhs for i in result.items if i.key in NHS_ITEMS)
    return len(other_problems) + nhs_missing


def is_clean(result: Readiness, have_nhs: set[str]) -> bool:
    return to_sort_out(result, have_nhs) == 0


def _send_blocks(link: DraftLink, description: str | None) -> list[Block]:
    hours = int(LIFETIME.total_seconds() // 3600)
    button = {"type": "button", "text": plain("Send this referral"), "url": link.url, "action_id": SEND,
              "style": "primary"}
    blocks = [actions(button, block_id="send"),
              context(f"The link opens the secure web form with your answers filled in; it works for {hours} hours "
                      "and your answers travel in it encrypted. Add the family's names, NHS numbers, dates of "
                      "birth and postcode there, never in Slack.")]
    if "description" in link.left_out and description:
        # Too long for a link Slack accepts: shown here so it can be copied rather than lost.
        blocks.append(section("*Your description was too long to carry in the link.* Copy it into the form:"))
        blocks += [section(description[i:i + 2900]) for i in range(0, len(description), 2900)]
    return blocks


def checklist_view(result: Readiness, have_nhs: set[str], *, link: DraftLink | None = None,
                   description: str | None = None) -> dict[str, Any]:
    blocks: list[Block] = []
    for item in result.items:
        if item.key in NHS_ITEMS and NHS_ITEMS[item.key] in have_nhs:
            blocks.append(section(f":grey_question: *{item.title}*\nYou have it. The number itself is checked "
                                  "(length and check digit) on the secure web form, never in Slack."))
            continue
        findings = item.outcome.problems + item.outcome.warnings
        detail = "\n".join(f.message for f in findings) or item.outcome.note
        blocks.append(section(f"{ICONS[item.status]} *{item.title}*" + (f"\n{detail}" if detail else "")))
    top: list[Block]
    if is_clean(result, have_nhs):
        top = [section(":white_check_mark: *Nothing is missing.* Send the referral through the secure web form.")]
        top += _send_blocks(link, description) if link else []
    else:
        top = [section(f":x: *{to_sort_out(result, have_nhs)} thing(s) to sort out before you refer.*")]
    blocks = top + blocks
    if result.guidance:
        blocks.append(context(result.guidance))
    return modal(CHECK + "_result", "Referral check", blocks[:99], submit=None)
