"""Words for the codes stored in the database, for pages, charts and the CSV's readers."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from consult.profiles import active_profile
from consult.reporting.log import consultation_log

BOOKING_STATUSES = {"attended": "Attended", "did_not_attend": "Did not attend", "cancelled": "Cancelled",
                    "booked": "Booked, not yet recorded"}


def organisation_types() -> dict[str, str]:
    return {code: source.label for code, source in active_profile().referral_sources.items()}


def codes(kind: str) -> Mapping[str, str]:
    """{code: words} for a consultation's "channel", "outcome", "thrive" or "status" (with "open"
    first), as the consultations domain declares them with its log: the consultation pages' own
    words, so the log and the timeline say the same thing."""
    return consultation_log().codes[kind]


def label(kind: str, code: str | None) -> str:
    if code is None:
        return ""
    table: Mapping[str, str] = {}
    if kind in ("outcome", "thrive", "channel", "status"):
        table = codes(kind)
    elif kind == "booking":
        table = BOOKING_STATUSES
    elif kind == "organisation_type":
        table = organisation_types()
    return table.get(code, code.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Measure:
    """A screening measure as the reports name it. `lower_is_better` as the tools are scored (and
    as consult.readiness.guidance explains them to practitioners): PHQ-9 and GAD-7 count symptoms,
    MORS-SF invasion how intrusive the baby feels; MORS-SF warmth is the parent's warmth. None where
    the direction is not stated (PIOS: see consult/pathway/models.py)."""
    key: str  # figure prefix: <key>_pairs, <key>_before_mean, <key>_after_mean, <key>_change
    name: str
    about: str
    maximum: int
    lower_is_better: bool | None

    @property
    def better(self) -> str:
        return "Not stated" if self.lower_is_better is None else "Lower" if self.lower_is_better else "Higher"


MEASURES = (
    Measure("phq9", "PHQ-9", "parent's depression symptoms", 27, True),
    Measure("gad7", "GAD-7", "parent's anxiety symptoms", 21, True),
    Measure("mors_warmth", "MORS-SF warmth", "parent's warmth towards the baby", 35, False),
    Measure("mors_invasion", "MORS-SF invasion", "baby felt as intrusive or controlling", 35, True),
    # The pathway's extra measures (consult.pathway.outcomes); shown when that provider reports them.
    Measure("cbits", "City Birth Trauma Scale", "parent's birth-related trauma symptoms", 60, True),
    Measure("adbb", "ADBB", "baby's sustained withdrawal (Alarm Distress Baby Scale)", 32, True),
    Measure("hads_anxiety", "HADS anxiety", "parent's anxiety (Hospital Anxiety and Depression Scale)", 21, True),
    Measure("hads_depression", "HADS depression", "parent's depression (Hospital Anxiety and Depression Scale)", 21, True),
    Measure("pios", "PIOS", "parent-infant interaction as observed (bound, not the published range)", 100, None),
    Measure("asqse2", "ASQ:SE-2", "baby's social and emotional development (bound across age intervals)", 540, True),
)
