"""What the complaints, compliments, family feedback and narrative JSON routes answer (api.md
"Complaints, compliments, family feedback and the quarter's narrative"). Dates are YYYY-MM-DD."""
from __future__ import annotations

from pydantic import Field

from consult.core.answers import Answer


class ComplaintCreatedOut(Answer):
    id: str = Field(description="the complaint's reference")
    status: str
    acknowledge_by: str


class ComplaintSummaryOut(ComplaintCreatedOut):
    source: str
    about: str | None
    received_on: str
    acknowledgement_state: str
    acknowledged_on: str | None
    acknowledged_within_target: bool | None
    outcome: str | None
    closed_on: str | None
    reference: str | None = Field(description="the consultation or referral it is about, if given")


class ComplaintsOut(Answer):
    complaints: list[ComplaintSummaryOut]


class ComplaintEventOut(Answer):
    at: str
    kind: str
    actor: str
    detail: str


class ComplaintOut(ComplaintSummaryOut):
    summary: str | None
    response: str | None
    related_kind: str | None
    recorded_by: str | None
    recorded_at: str | None
    timeline: list[ComplaintEventOut]


class ComplimentOut(Answer):
    id: int


class ThanksOut(Answer):
    thanks: str


class NarrativeOut(Answer):
    quarter: str
    text: str
    updated_at: str
    updated_by: str
