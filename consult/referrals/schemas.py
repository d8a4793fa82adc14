"""What the referral JSON routes answer (api.md "Referrals"): the referrer's masked view or, for
clinicians and above, the full one. Times are ISO 8601 strings; dates YYYY-MM-DD."""
from __future__ import annotations

from pydantic import Field

from consult.core.answers import Answer


class CreatedOut(Answer):
    reference: str
    status: str
    acknowledged_at: str | None
    triage_by: str | None


class _Dates(Answer):
    reference: str
    status: str
    district: str
    received_at: str | None
    acknowledged_at: str | None
    triage_by: str | None
    triage_state: str = Field(description="on_track, due_soon or overdue while awaiting triage; done after")
    triaged_at: str | None
    triage_outcome: str | None
    assessment_date: str | None
    intervention_start_by: str | None
    intervention_start_date: str | None
    closed_at: str | None


class MaskedNhsOut(Answer):
    nhs_number: str | None = Field(description="'*** *** 1234': the last four digits only")


class MaskedOut(_Dates):
    """The referring practitioner's view: status and dates, nothing that identifies the family."""
    parent: MaskedNhsOut
    infant: MaskedNhsOut
    guidance: str | None


class ReferrerOut(Answer):
    name: str | None
    role: str | None
    organisation: str | None
    source: str
    email: str | None
    phone: str | None


class ConsentOut(Answer):
    informed_consent_to_referral: bool
    data_linkage_consent: bool


class ParentOut(Answer):
    nhs_number: str | None
    date_of_birth: str | None
    district: str
    postcode: str | None
    relationship_to_infant: str | None
    interpreter_required: bool
    language: str | None


class InfantOut(Answer):
    nhs_number: str | None
    date_of_birth: str | None
    expected_due_date: str | None
    antenatal: bool


class SafeguardingOut(Answer):
    concerns: bool
    procedures_followed: bool


class ClusterScoresOut(Answer):
    severity: int | None
    relationship: int | None
    protection: int | None
    parent_mental_health: int | None


class MorsOut(Answer):
    warmth: int | None
    invasion: int | None


class Phq9Out(Answer):
    total: int | None
    item9: int | None


class Gad7Out(Answer):
    total: int | None


class ScreeningOut(Answer):
    mors_sf: MorsOut
    phq9: Phq9Out
    gad7: Gad7Out


class TimelineEventOut(Answer):
    at: str
    kind: str
    actor: str
    detail: str


class FullOut(_Dates):
    """Every field, for clinicians, managers and admins."""
    channel: str
    referrer: ReferrerOut
    consent: ConsentOut
    parent: ParentOut
    infant: InfantOut
    concerns: list[str]
    description: str | None
    safeguarding: SafeguardingOut
    thrive: str | None
    guidance: str | None
    cluster: int | None
    cluster_scores: ClusterScoresOut
    intervention_started_within_target: bool | None
    triaged_within_target: bool | None
    end_of_contact_letter: str | None
    follow_up_on: str | None
    screening: dict[str, ScreeningOut] = Field(description="the scores at each stage recorded (referral, assessment, ...)")
    timeline: list[TimelineEventOut]


# Which view a caller gets depends on their role; `extra="forbid"` makes the two tell apart.
ReferralOut = FullOut | MaskedOut


class ReferralsOut(Answer):
    referrals: list[MaskedOut]
