"""The checked values of a consultation's outcome (advice, recommendation, THRIVE, the four domain
scores and cluster) and of its advice stamp (who, when, working hours, within target), as the
dicts that one conditional UPDATE, or a new record, writes. Shared with the referrals' triage.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import User
from consult.consultations import rules
from consult.consultations.errors import InvalidInput
from consult.consultations.models import RECOMMENDATIONS, THRIVE_LEVELS, Consultation
from consult.consultations.privacy import identifying_problem
from consult.core.calendar import calendar_for


def choice(value: str, allowed: Iterable[str], field: str) -> str:
    allowed = tuple(allowed)
    if value not in allowed:
        raise InvalidInput(field, f"must be one of: {', '.join(allowed)}")
    return value


def domain_scores(scores: Mapping[str, int | None] | None) -> dict[str, int | None]:
    scores = dict(scores or {})
    for domain in rules.DOMAINS:
        value = scores.get(domain)
        if value is not None and not (isinstance(value, int) and 1 <= value <= 6):
            raise InvalidInput(f"scores.{domain}", "each domain score is a whole number from 1 to 6")
    given = [d for d in rules.DOMAINS if scores.get(d) is not None]
    if given and len(given) != len(rules.DOMAINS):
        raise InvalidInput("scores", "give all four domain scores, or none")
    return {d: scores.get(d) for d in rules.DOMAINS}


def outcome_values(*, advice: str, recommendation: str, thrive: str, scores: Mapping[str, int | None] | None,
             learning_needs: str | None) -> dict[str, Any]:
    """The checked outcome fields, as the values one UPDATE (or a new record) writes."""
    advice = (advice or "").strip()
    if len(advice) < 20:
        raise InvalidInput("advice", "write the advice and guidance in full sentences (at least 20 characters)")
    problem = identifying_problem(advice)
    if problem:
        raise InvalidInput("advice", problem)
    clean = domain_scores(scores)
    return {
        "advice": advice,
        "recommendation": choice(recommendation, RECOMMENDATIONS, "recommendation"),
        "thrive": choice(thrive, THRIVE_LEVELS, "thrive"),
        "score_severity": clean["severity"], "score_relationship": clean["relationship"],
        "score_protection": clean["protection"], "score_parent_mental_health": clean["parent_mental_health"],
        "cluster": rules.derive_cluster(clean),
        "learning_needs": (learning_needs or "").strip()[:500] or None,
    }


def advice_stamp(db: Session, consultation: Consultation, clinician: User) -> dict[str, Any]:
    now = clock.now()
    hours, within = rules.advice_figures(calendar_for(db), received_at=consultation.received_at, advised_at=now,
                                         respond_by=consultation.respond_by)
    return {"advised_by_id": clinician.id, "advised_at": now, "working_hours_to_advice": hours,
            "advised_within_target": within}
