"""JSON shapes at the API edge (pydantic v2). Field names follow docs/api.md exactly."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.consultations import rules
from consult.consultations.commands import SUMMARY_MAX, CallLog, ConsultationRequest
from consult.consultations.models import Consultation, ConsultationEvent
from consult.core.answers import Answer
from consult.core.types import DbId

Channel = Literal["web", "slack", "phone", "video", "in_person"]
CallChannel = Literal["phone", "video", "in_person"]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PractitionerIn(_In):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    role: str | None = Field(default=None, max_length=120)
    organisation: str | None = Field(default=None, max_length=200)
    organisation_type: str | None = Field(default=None, max_length=60)
    district: str | None = Field(default=None, max_length=80)
    slack_user_id: str | None = Field(default=None, max_length=40)


class ConsultationIn(_In):
    practitioner: PractitionerIn = Field(default_factory=PractitionerIn)
    channel: Channel = "web"
    question: str = Field(min_length=1, max_length=SUMMARY_MAX)
    concerns: list[str] = Field(default_factory=list, max_length=20)
    district: str = Field(max_length=80)
    infant_age_months: int | None = None
    antenatal: bool = False
    urgency: Literal["routine", "urgent"] = "routine"
    preferred_contact: Literal["chat", "phone", "video", "email"] = "chat"
    callback_phone: str | None = Field(default=None, max_length=40)
    callback_window: str | None = Field(default=None, max_length=120)
    consent_confirmed: bool = False

    def command(self) -> ConsultationRequest:
        return ConsultationRequest(
            channel=self.channel, summary=self.question, district=self.district, concerns=tuple(self.concerns),
            infant_age_months=self.infant_age_months, antenatal=self.antenatal, urgency=self.urgency,
            preferred_contact=self.preferred_contact, callback_phone=self.callback_phone,
            callback_window=self.callback_window, consent_confirmed=self.consent_confirmed)


class Scores(_In):
    severity: int | None = None
    relationship: int | None = None
    protection: int | None = None
    parent_mental_health: int | None = None


class AdviceIn(_In):
    advice: str = Field(max_length=8000)
    recommendation: str = Field(max_length=120)
    thrive: str = Field(max_length=40)
    scores: Scores | None = None
    learning_needs: str | None = Field(default=None, max_length=500)


class CallIn(AdviceIn):
    practitioner: PractitionerIn
    channel: CallChannel = "phone"
    question: str = Field(min_length=1, max_length=SUMMARY_MAX)
    concerns: list[str] = Field(default_factory=list, max_length=20)
    district: str = Field(max_length=80)
    infant_age_months: int | None = None
    urgency: Literal["routine", "urgent"] = "routine"

    def command(self) -> CallLog:
        return CallLog(
            channel=self.channel, summary=self.question, district=self.district, concerns=tuple(self.concerns),
            infant_age_months=self.infant_age_months, urgency=self.urgency, advice=self.advice,
            recommendation=self.recommendation, thrive=self.thrive,
            scores=self.scores.model_dump() if self.scores else None, learning_needs=self.learning_needs)


class HandOverIn(_In):
    to: DbId = Field(description="user id of the clinician taking it over")


class CloseIn(_In):
    reason: str | None = Field(default=None, max_length=200)


class FeedbackIn(_In):
    helpfulness: int
    confidence_before: int
    confidence_after: int
    comment: str | None = Field(default=None, max_length=2000)


class DutyIn(_In):
    clinicians: list[DbId] = Field(max_length=20)


# -- answers: what each JSON route returns, so /openapi.json documents it (times are ISO 8601, London);
# each is a consult.core.answers.Answer, so a field the view adds but the model does not name fails loudly --
class CreatedOut(Answer):
    reference: str
    status: str
    acknowledged_at: str | None
    respond_by: str | None


class AskerOut(Answer):
    name: str | None
    role: str | None


class BriefOut(CreatedOut):
    state: str = Field(description="on_track, due_soon, overdue or done")
    channel: str
    urgency: str
    district: str
    received_at: str | None
    claimed_by: str | None
    practitioner: AskerOut


class ConsultationsOut(Answer):
    consultations: list[BriefOut]


class PractitionerOut(Answer):
    name: str | None
    email: str | None
    role: str | None
    organisation: str | None
    organisation_type: str | None


class ScoresOut(Answer):
    severity: int | None
    relationship: int | None
    protection: int | None
    parent_mental_health: int | None


class OutcomeOut(Answer):
    recommendation: str | None
    thrive: str | None
    cluster: int | None
    scores: ScoresOut
    learning_needs: str | None


class FeedbackOut(Answer):
    helpfulness: int
    confidence_before: int
    confidence_after: int
    given_at: str | None


class TimelineEventOut(Answer):
    at: str | None
    event: str
    actor: str
    detail: str


class ConsultationOut(CreatedOut):
    """One request as its viewer may see it (the call-back number only for clinicians and the asker)."""
    state: str
    channel: str
    urgency: str
    district: str
    received_at: str | None
    claimed_by: str | None
    question: str
    concerns: list[str]
    infant_age_months: int | None
    antenatal: bool
    preferred_contact: str
    callback_phone: str | None
    callback_window: str | None
    consent_confirmed: bool
    logged_call: bool
    due_soon_at: str | None
    practitioner: PractitionerOut
    claimed_at: str | None
    advised_by: str | None
    advised_at: str | None
    advice: str | None
    outcome: OutcomeOut | None
    working_hours_to_advice: float | None
    advised_within_target: bool | None
    closed_at: str | None
    feedback: FeedbackOut | None
    timeline: list[TimelineEventOut]


class ClinicianOut(Answer):
    id: int
    name: str


class DutyOut(Answer):
    day: str
    clinicians: list[ClinicianOut]


def iso(value: datetime | None) -> str | None:
    return value.astimezone(LONDON).isoformat() if value else None


def created(c: Consultation) -> dict[str, Any]:
    return {"reference": c.reference, "status": c.status, "acknowledged_at": iso(c.acknowledged_at),
            "respond_by": iso(c.respond_by)}


def brief(c: Consultation, now: datetime, names: dict[int, str]) -> dict[str, Any]:
    return {
        **created(c),
        "state": rules.clock_state(now=now, status=c.status, due_soon_at=c.due_soon_at, respond_by=c.respond_by),
        "channel": c.channel, "urgency": c.urgency, "district": c.district, "received_at": iso(c.received_at),
        "claimed_by": names.get(c.claimed_by_id) if c.claimed_by_id else None,
        "practitioner": {"name": c.practitioner_name, "role": c.practitioner_role},
    }


def full(c: Consultation, now: datetime, names: dict[int, str], viewer: User,
         events: list[ConsultationEvent]) -> dict[str, Any]:
    clinician_view = viewer.has_role(Role.clinician)
    feedback = c.feedback
    return {
        **brief(c, now, names),
        "question": c.summary,
        "concerns": c.concern_codes,
        "infant_age_months": c.infant_age_months,
        "antenatal": c.antenatal,
        "preferred_contact": c.preferred_contact,
        # The call-back number is for the clinician who rings back and the person who gave it.
        "callback_phone": c.callback_phone if clinician_view or viewer.id == c.practitioner_id else None,
        "callback_window": c.callback_window,
        "consent_confirmed": c.consent_confirmed,
        "logged_call": c.logged_call,
        "due_soon_at": iso(c.due_soon_at),
        "practitioner": {"name": c.practitioner_name, "email": c.practitioner_email, "role": c.practitioner_role,
                         "organisation": c.organisation, "organisation_type": c.organisation_type},
        "claimed_at": iso(c.claimed_at),
        "advised_by": names.get(c.advised_by_id) if c.advised_by_id else None,
        "advised_at": iso(c.advised_at),
        "advice": c.advice,
        "outcome": None if c.advised_at is None else {
            "recommendation": c.recommendation, "thrive": c.thrive, "cluster": c.cluster,
            "scores": {"severity": c.score_severity, "relationship": c.score_relationship,
                       "protection": c.score_protection, "parent_mental_health": c.score_parent_mental_health},
            "learning_needs": c.learning_needs,
        },
        "working_hours_to_advice": c.working_hours_to_advice,
        "advised_within_target": c.advised_within_target,
        "closed_at": iso(c.closed_at),
        "feedback": None if feedback is None else {
            "helpfulness": feedback.helpfulness, "confidence_before": feedback.confidence_before,
            "confidence_after": feedback.confidence_after, "given_at": iso(feedback.given_at),
        },
        "timeline": [{"at": iso(e.at), "event": e.kind, "actor": e.actor_name, "detail": e.detail} for e in events],
    }
