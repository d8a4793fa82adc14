"""How a referral is shown: every field to clinicians, managers and admins; status, dates and
masked NHS numbers to the referring practitioner. Plain dicts for the JSON API and the pages."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from consult.referrals import rules
from consult.referrals.models import Referral


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def dates(r: Referral, now: datetime) -> dict[str, Any]:
    return {
        "reference": r.reference, "status": r.status, "district": r.district,
        "received_at": _iso(r.received_at), "acknowledged_at": _iso(r.acknowledged_at), "triage_by": _iso(r.triage_by),
        "triage_state": rules.triage_state(now=now, status=r.status, due_soon_at=r.triage_due_soon_at, triage_by=r.triage_by),
        "triaged_at": _iso(r.triaged_at), "triage_outcome": r.triage_outcome,
        "assessment_date": _iso(r.assessment_on), "intervention_start_by": _iso(r.intervention_start_by),
        "intervention_start_date": _iso(r.intervention_started_on), "closed_at": _iso(r.closed_at),
    }


def created(r: Referral) -> dict[str, Any]:
    return {"reference": r.reference, "status": r.status, "acknowledged_at": _iso(r.acknowledged_at),
            "triage_by": _iso(r.triage_by)}


def masked(r: Referral, now: datetime) -> dict[str, Any]:
    """The referrer's view: enough to follow the referral, nothing that identifies the family."""
    return {**dates(r, now), "parent": {"nhs_number": rules.mask_nhs(r.parent_nhs_number)},
            "infant": {"nhs_number": rules.mask_nhs(r.infant_nhs_number)}, "guidance": r.guidance}


def _scores(r: Referral) -> dict[str, Any]:
    return {s.stage: {"mors_sf": {"warmth": s.mors_warmth, "invasion": s.mors_invasion},
                      "phq9": {"total": s.phq9_total, "item9": s.phq9_item9}, "gad7": {"total": s.gad7_total}}
            for s in r.scores}


def full(r: Referral, now: datetime) -> dict[str, Any]:
    return {
        **dates(r, now),
        "channel": r.channel,
        "referrer": {"name": r.referrer_name, "role": r.referrer_role, "organisation": r.referrer_organisation,
                     "source": r.source, "email": r.referrer_email, "phone": r.referrer_phone},
        "consent": {"informed_consent_to_referral": True, "data_linkage_consent": r.data_linkage_consent},
        "parent": {"nhs_number": rules.format_nhs(r.parent_nhs_number), "date_of_birth": r.parent_date_of_birth,
                   "district": r.district, "postcode": r.parent_postcode,
                   "relationship_to_infant": r.relationship_to_infant,
                   "interpreter_required": r.interpreter_required, "language": r.language},
        "infant": {"nhs_number": rules.format_nhs(r.infant_nhs_number), "date_of_birth": r.infant_date_of_birth,
                   "expected_due_date": r.infant_expected_due_date, "antenatal": r.antenatal},
        "concerns": r.concern_codes,
        "description": r.description,
        "safeguarding": {"concerns": r.safeguarding_concerns, "procedures_followed": r.safeguarding_procedures_followed},
        "thrive": r.thrive, "guidance": r.guidance, "cluster": r.cluster,
        "cluster_scores": {"severity": r.score_severity, "relationship": r.score_relationship,
                           "protection": r.score_protection, "parent_mental_health": r.score_parent_mental_health},
        "intervention_started_within_target": r.intervention_started_within_target,
        "triaged_within_target": r.triaged_within_target,
        "end_of_contact_letter": r.end_of_contact_letter, "follow_up_on": _iso(r.follow_up_on),
        "screening": _scores(r),
        "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "actor": e.actor_name, "detail": e.detail} for e in r.events],
    }
