"""Screening scores on the clinicians' pathway forms (at assessment and at the end of intervention).

The inputs carry the readiness check's names (`screening.phq9.total`), so the service's range
findings land beside the box they are about, in the check's own words."""
from __future__ import annotations

import re
from collections.abc import Mapping

from consult.readiness.forms import SCORE_FIELDS
from consult.readiness.schemas import Screening

SCORE_TOOLS = (
    ("MORS-SF: how the parent sees the baby",
     (("screening.mors_sf.warmth", "Warmth (0-35)"), ("screening.mors_sf.invasion", "Invasion (0-35)"))),
    ("PHQ-9: depression", (("screening.phq9.total", "Total (0-27)"), ("screening.phq9.item9", "Question 9 (0-3)"))),
    ("GAD-7: anxiety", (("screening.gad7.total", "Total (0-21)"),)),
)
NOT_A_NUMBER = "Enter the score as a whole number, or leave it empty if the tool was not used."
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")


def parse_scores(form: Mapping[str, object]) -> tuple[Screening, dict[str, str], dict[str, str]]:
    """The typed scores, what was typed (to put back in the form) and what to correct."""
    values = {name: str(form.get(name) or "").strip() for name in SCORE_FIELDS}
    errors: dict[str, str] = {}
    body: dict[str, dict[str, int | None]] = {"mors_sf": {}, "phq9": {}, "gad7": {}}
    for name, text in values.items():
        _screening, tool, part = name.split(".")
        if text and not _WHOLE_NUMBER.fullmatch(text):
            errors[name] = NOT_A_NUMBER
        body[tool][part] = int(text) if text and name not in errors else None
    return Screening.model_validate(body), values, errors
