"""The web form's fields and their conversion to the typed referral (no web framework here).

Form inputs are named with the same dotted paths as the JSON body and the findings
(`parent.nhs_number`), so a finding lands beside the input it is about."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from consult.readiness.schemas import ReadinessRequest

TEXT_FIELDS = (
    "referrer.name", "referrer.role", "referrer.organisation", "referrer.source", "referrer.email",
    "referrer.phone", "parent.nhs_number", "parent.district", "parent.postcode",
    "parent.relationship_to_infant", "parent.language", "parent.gp_practice", "infant.nhs_number", "description",
)
CHECKBOX_FIELDS = ("consent.informed_consent_to_referral", "consent.data_linkage_consent", "parent.interpreter_required")
YES_NO_FIELDS = ("safeguarding.concerns", "safeguarding.procedures_followed", "safeguarding.child_protection_investigation")
DATE_FIELDS = ("parent.date_of_birth", "infant.date_of_birth", "infant.expected_due_date")
SCORE_FIELDS = ("screening.mors_sf.warmth", "screening.mors_sf.invasion", "screening.phq9.total",
                "screening.phq9.item9", "screening.gad7.total")
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")


def field_id(name: str) -> str:
    """The HTML id of a field's input (and the error summary's link target)."""
    return name.replace(".", "-")


@dataclass
class ParsedForm:
    values: dict[str, str]          # what was typed, to put back in the form
    concerns: list[str]
    errors: dict[str, str]          # field -> what to change before the check can run
    request: ReadinessRequest | None


def _put(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


def parse_form(form: Mapping[str, str], concerns: Sequence[str]) -> ParsedForm:
    values = {name: str(form.get(name) or "") for name in (*TEXT_FIELDS, *CHECKBOX_FIELDS, *YES_NO_FIELDS, *DATE_FIELDS, *SCORE_FIELDS)}
    errors: dict[str, str] = {}
    body: dict[str, Any] = {"concerns": list(concerns)}
    for name in TEXT_FIELDS:
        _put(body, name, values[name].strip() or None)
    for name in CHECKBOX_FIELDS:
        _put(body, name, True if values[name] else None)
    for name in YES_NO_FIELDS:
        _put(body, name, {"yes": True, "no": False}.get(values[name]))
    for name in DATE_FIELDS:
        # The browser's date input sends YYYY-MM-DD; anything else fails the model's date check.
        _put(body, name, values[name].strip() or None)
    for name in SCORE_FIELDS:
        text = values[name].strip()
        if text and not _WHOLE_NUMBER.fullmatch(text):
            errors[name] = "Enter the score as a whole number, or leave it empty if the tool was not used."
        _put(body, name, int(text) if text and name not in errors else None)
    request = None
    try:
        request = ReadinessRequest.model_validate(body)
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(p) for p in error["loc"] if not isinstance(p, int))
            errors.setdefault(name, _friendly(name, error["type"]))
    # Report every answer to change at once, in the order of the form.
    order = {name: i for i, name in enumerate((*TEXT_FIELDS, *DATE_FIELDS, *SCORE_FIELDS))}
    errors = dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))
    return ParsedForm(values, list(concerns), errors, None if errors else request)


def _friendly(name: str, kind: str) -> str:
    if name in DATE_FIELDS:
        return "Enter a real date, for example 2026-05-01."
    if kind.startswith("string_too_long") or kind == "too_long":
        return "This is too long: shorten it."
    return "Check this answer."
