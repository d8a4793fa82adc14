"""Small-count suppression for anything that leaves the service (pure functions, no I/O).

Primary: a count from 1 to threshold-1 is shown as "<5" (threshold from the profile). Zero is
shown: "nobody" discloses nobody.

Secondary: a suppressed cell can be worked out from the cells beside it and their total (a
group's cells add up to a published total: districts to consultations, booking outcomes to
bookings). So in every group where exactly one cell is suppressed, the smallest other non-zero
cell is hidden too, shown as "[c]" (confidential, as the ONS marks it), and no sum of the
published cells equals the hidden one. Two hidden cells still reveal their combined value; the
smallest is chosen so the pair is as small as possible and the most useful figures stay.

Rates, means and medians are hidden ("[c]") when the count they are taken over is below the
threshold: 2 of 3 is as telling as "2". That holds for one already withheld at its source (None)
too, so a reader sees "[c]", not a blank that looks like nothing was recorded. Rates over larger
counts are shown; they are performance figures of the service, not counts of people.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

CONFIDENTIAL = "[c]"

# Figures that are shares of other figures: suppressed with their base (summed when several).
RATE_BASES: dict[str, tuple[str, ...]] = {
    "acknowledged_within_target_pct": ("consultations",),
    "advised_within_target_pct": ("advised", "open_past_time_limit"),
    "median_working_hours_to_advice": ("advised",),
    "confidence_before_mean": ("feedback_forms",),
    "confidence_after_mean": ("feedback_forms",),
    "confidence_change": ("feedback_forms",),
    "confidence_improved_pct": ("feedback_forms",),
    "helpfulness_mean": ("feedback_forms",),
    "did_not_attend_pct": ("bookings_attended", "did_not_attend"),
    "supervision_attendance_pct": ("supervision_attended", "supervision_apologies", "supervision_did_not_attend"),
    "training_completion_pct": ("training_delegates",),
    "training_confidence_before_mean": ("training_feedback_forms",),
    "training_confidence_after_mean": ("training_feedback_forms",),
    "training_confidence_change": ("training_feedback_forms",),
    "training_usefulness_mean": ("training_feedback_forms",),
    "triaged_within_target_pct": ("referrals",),
    "eligible_pct": ("referrals",),
    "intervention_started_within_target_pct": ("interventions_started",),
    "median_working_days_to_triage": ("referrals_triaged",),
    "median_working_days_assessment_to_intervention": ("interventions_started",),
    "family_did_not_attend_pct": ("family_appointments_attended", "family_did_not_attend"),
    "complaints_acknowledged_within_target_pct": ("complaints_acknowledged", "complaints_open_past_acknowledgement"),
    "family_feedback_positive_pct": ("family_feedback_rated",),
    "referrals_interpreter_required_pct": ("referrals",),
    "calls_answered_pct": ("calls_answered", "calls_missed"), "callbacks_within_target_pct": ("callbacks_made",),
    "median_working_hours_to_callback": ("callbacks_made",),
    # Screening means are over each measure's own pairs (the provider already withholds them there).
    **{f"{measure}_{figure}": (f"{measure}_pairs",) for measure in ("phq9", "gad7", "mors_warmth", "mors_invasion",
                                                                                   "cbits", "adbb", "hads_anxiety", "hads_depression")
       for figure in ("before_mean", "after_mean", "change")},
}

# Scalar figures that partition a published total, so they are a group for secondary suppression.
SCALAR_GROUPS: dict[str, tuple[str, ...]] = {
    "consultations": ("advised", "open", "withdrawn", "closed_without_advice"),
    "bookings": ("bookings_attended", "did_not_attend", "bookings_cancelled", "bookings_not_yet_recorded"),
    "faq_questions": ("faq_answered", "faq_unanswered"),
    "family_appointments": ("family_appointments_attended", "family_did_not_attend",
                            "family_appointments_not_yet_recorded"),
    "calls_received": ("calls_answered", "calls_missed", "calls_out_of_hours"),
}


def is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def small(value: object, threshold: int) -> bool:
    return isinstance(value, int) and is_count(value) and 0 < value < threshold


def suppress_group(cells: Mapping[str, object], threshold: int) -> dict[str, object]:
    """One group's cells with primary and secondary suppression applied."""
    marker = f"<{threshold}"
    out: dict[str, object] = {k: (marker if small(v, threshold) else v) for k, v in cells.items()}
    hidden = [k for k, v in cells.items() if small(v, threshold)]
    if len(hidden) == 1:
        others = sorted((v, k) for k, v in cells.items() if is_count(v) and v >= threshold)  # type: ignore[operator]
        if others:
            out[others[0][1]] = CONFIDENTIAL
    return out


def suppress_report(report: Mapping[str, object], threshold: int) -> dict[str, object]:
    """A whole report (flat figures plus dict groups) ready to leave the service."""
    out: dict[str, object] = {}
    for key, value in report.items():
        if isinstance(value, Mapping):
            out[key] = suppress_group(value, threshold)
        elif small(value, threshold):
            out[key] = f"<{threshold}"
        else:
            out[key] = value
    for total, parts in SCALAR_GROUPS.items():
        present = [p for p in parts if p in report]
        if total in report and present:
            out.update(suppress_group({p: report[p] for p in present}, threshold))
    for rate, bases in RATE_BASES.items():
        base = _base(report, bases)
        if rate in report and base < threshold and (report[rate] is not None or base > 0):
            out[rate] = CONFIDENTIAL
    return out


def _base(report: Mapping[str, object], fields: Iterable[str]) -> int:
    return sum(v for v in (report.get(f) for f in fields) if is_count(v))  # type: ignore[misc]
