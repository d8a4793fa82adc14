"""Block Kit for the referral-readiness check: the form as a modal and the checklist it returns.

NHS numbers are never asked for in Slack: the form asks whether the practitioner has them, and
the checklist says the numbers themselves are checked on the secure web form."""
from __future__ import annotations

from typing import Any

from bot.views import Block, checkboxes, context, datepicker, modal, number, section, select, text_input
from bot.views.consultations import CONCERN_LABELS
from consult.profiles import Profile
from consult.readiness.results import Readiness

CHECK = "pimh_check"
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


def checklist_view(result: Readiness, have_nhs: set[str]) -> dict[str, Any]:
    blocks: list[Block] = []
    other_problems = [f for i in result.items if i.key not in NHS_ITEMS for f in i.outcome.problems]
    for item in result.items:
        if item.key in NHS_ITEMS and NHS_ITEMS[item.key] in have_nhs:
            blocks.append(section(f":grey_question: *{item.title}*\nYou have it. The number itself is checked "
                                  "(length and check digit) on the secure web form, never in Slack."))
            continue
        findings = item.outcome.problems + item.outcome.warnings
        detail = "\n".join(f.message for f in findings) or item.outcome.note
        blocks.append(section(f"{ICONS[item.status]} *{item.title}*" + (f"\n{detail}" if detail else "")))
    nhs_missing = any(i.outcome.problems and NHS_ITEMS[i.key] not in have_nhs for i in result.items if i.key in NHS_ITEMS)
    if not other_problems and not nhs_missing:
        headline = ":white_check_mark: *Nothing is missing.* Send the referral through the secure web form."
    else:
        headline = f":x: *{len(other_problems) + nhs_missing} thing(s) to sort out before you refer.*"
    blocks.insert(0, section(headline))
    if result.guidance:
        blocks.append(context(result.guidance))
    return modal(CHECK + "_result", "Referral check", blocks[:99], submit=None)
