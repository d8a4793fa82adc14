"""The guidance paragraph: the likely route for this referral in plain words, with the
screening scores put into their published severity bands. It describes a likely route only;
the clinical decision is made at triage, and the text says so."""
from __future__ import annotations

from consult.profiles import Profile
from consult.readiness.results import Readiness
from consult.readiness.rules import SCORE_RANGES
from consult.readiness.schemas import Referral

# Published severity bands (upper bound inclusive).
PHQ9_BANDS: tuple[tuple[int, str], ...] = ((4, "minimal"), (9, "mild"), (14, "moderate"), (19, "moderately severe"), (27, "severe"))
GAD7_BANDS: tuple[tuple[int, str], ...] = ((4, "minimal"), (9, "mild"), (14, "moderate"), (21, "severe"))
# From this score the depression or anxiety is at least moderate: the range the perinatal
# mental health service is commissioned for.
MODERATE_FROM = 10

NOT_A_DECISION = (
    "This check covers completeness and the service's criteria only; whether and how the family is "
    "helped is a clinical decision made at triage."
)


def band(score: int, bands: tuple[tuple[int, str], ...]) -> str | None:
    if score < 0:
        return None
    return next((name for top, name in bands if score <= top), None)


def _in_range(referral: Referral, tool: str, part: str) -> int | None:
    top = next(t for tl, p, _n, t in SCORE_RANGES if (tl, p) == (tool, part))
    value = getattr(getattr(referral.screening, tool), part)
    return value if value is not None and 0 <= value <= top else None


def _route(result: Readiness, profile: Profile) -> str:
    codes = {f.code for f in result.problems}
    contacts = profile.contacts
    if "child_protection_investigation" in codes:
        return f"Likely route: safeguarding, not a referral to this service for now. {contacts.safeguarding}"
    if "self_referral" in codes:
        return ("Likely route: a referral by a professional who knows the family. Parents, relatives and "
                "friends cannot refer themselves.")
    if "outside_area" in codes:
        return (f"Likely route: services where the family lives, as {profile.service_short_name} only covers "
                f"{profile.area_name}.")
    if "infant_too_old" in codes:
        return f"Likely route: a universal or targeted offer, or another service. {contacts.universal_offer}"
    if result.problems:
        count = len(codes)
        return (f"Not ready to send yet: put right the {count} item{'s' * (count != 1)} marked with a cross "
                "and check again.")
    days = profile.time_limits.triage_working_days
    return (f"Ready to send: the referral looks complete and within the criteria of the {profile.service_name}. "
            f"Triage will look at it within {days} working day{'s' * (days != 1)} of receipt and advise whether "
            "the family is offered a parent-infant relationship assessment, a universal or targeted offer, "
            "or another service.")


def _scores(referral: Referral, profile: Profile) -> list[str]:
    phq9, gad7 = _in_range(referral, "phq9", "total"), _in_range(referral, "gad7", "total")
    warmth, invasion = _in_range(referral, "mors_sf", "warmth"), _in_range(referral, "mors_sf", "invasion")
    parts: list[str] = []
    if phq9 is not None:
        parts.append(f"PHQ-9 {phq9} of 27 ({band(phq9, PHQ9_BANDS)} depression symptoms)")
    if gad7 is not None:
        parts.append(f"GAD-7 {gad7} of 21 ({band(gad7, GAD7_BANDS)} anxiety symptoms)")
    if warmth is not None:
        parts.append(f"MORS-SF warmth {warmth} of 35 (lower means the parent feels less warmth towards the baby)")
    if invasion is not None:
        parts.append(f"MORS-SF invasion {invasion} of 35 (higher means the parent experiences the baby as more "
                     "intrusive or controlling)")
    if not parts:
        return []
    sentences = [f"Screening: {'; '.join(parts)}."]
    if (phq9 or 0) >= MODERATE_FROM or (gad7 or 0) >= MODERATE_FROM:
        sentences.append(
            "Scores in the moderate range or above suggest the parent may also need the perinatal mental "
            f"health service alongside any relationship work. {profile.contacts.perinatal_mental_health}"
        )
    return sentences


def summarise(*, referral: Referral, result: Readiness, profile: Profile) -> str:
    """Paragraphs (blank-line separated) in order of importance: urgent risk and the route,
    the scores, the caveat."""
    warnings = {f.code for f in result.warnings}
    route: list[str] = []
    if "self_harm_risk" in warnings:
        route.append("First, act today on the parent's answer to PHQ-9 question 9 (see the warning).")
    route.append(_route(result, profile))
    if "safeguarding_concern" in warnings and "child_protection_investigation" not in {f.code for f in result.problems}:
        route.append("Keep the safeguarding lead involved whatever happens to this referral.")
    paragraphs = [" ".join(route), " ".join(_scores(referral, profile)), NOT_A_DECISION]
    return "\n\n".join(p for p in paragraphs if p)
