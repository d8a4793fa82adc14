"""The consultation pages' forms as typed models (FastAPI reads each from the posted form), and the
commands they become. Text boxes arrive as text: a number that is not one is the form's own
problem, named beside its box; every other rule is the command's, checked once in the domain."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from consult.consultations.commands import CallLog, ConsultationRequest
from consult.consultations.errors import InvalidInput
from consult.core.types import fits_int32

# The call log and advice forms name the four domain scores so; the service names them by domain.
SCORE_FIELDS = {"severity": "score_severity", "relationship": "score_relationship", "protection": "score_protection",
                "parent_mental_health": "score_parent_mental_health"}


def whole_number(value: str | None, field: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(field, "enter a whole number") from None
    if not fits_int32(number):
        raise InvalidInput(field, "enter a smaller number")
    return number


class _Form(BaseModel):
    # The CSRF token and any other posted names are not ours to read here.
    model_config = ConfigDict(extra="ignore")

    def values(self) -> dict[str, object]:
        """What was typed, to put back in the form beside its errors."""
        return self.model_dump()


class RequestForm(_Form):
    question: str = ""
    district: str = ""
    infant_age_months: str = ""
    urgency: str = "routine"
    preferred_contact: str = "chat"
    callback_phone: str = ""
    callback_window: str = ""
    concerns: list[str] = []
    antenatal: str = ""
    consent_confirmed: str = ""

    def command(self) -> ConsultationRequest:
        return ConsultationRequest(
            channel="web", summary=self.question, district=self.district, concerns=tuple(self.concerns),
            infant_age_months=whole_number(self.infant_age_months, "infant_age_months"),
            antenatal=bool(self.antenatal), urgency=self.urgency, preferred_contact=self.preferred_contact,
            callback_phone=self.callback_phone, callback_window=self.callback_window,
            consent_confirmed=bool(self.consent_confirmed))


class OutcomeForm(_Form):
    advice: str = ""
    recommendation: str = ""
    thrive: str = ""
    score_severity: str = ""
    score_relationship: str = ""
    score_protection: str = ""
    score_parent_mental_health: str = ""
    learning_needs: str = ""
    call_id: str = ""

    def scores(self) -> dict[str, int | None]:
        typed = self.model_dump()
        return {domain: whole_number(typed[field], field) for domain, field in SCORE_FIELDS.items()}


class CallForm(OutcomeForm):
    name: str = ""
    email: str = ""
    role: str = ""
    organisation_type: str = ""
    district: str = ""
    channel: str = "phone"
    question: str = ""
    concerns: list[str] = []
    infant_age_months: str = ""
    urgency: str = "routine"

    def practitioner(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email, "role": self.role,
                "organisation_type": self.organisation_type, "district": self.district}

    def command(self) -> CallLog:
        return CallLog(
            channel=self.channel, summary=self.question, district=self.district, concerns=tuple(self.concerns),
            infant_age_months=whole_number(self.infant_age_months, "infant_age_months"), urgency=self.urgency,
            advice=self.advice, recommendation=self.recommendation, thrive=self.thrive, scores=self.scores(),
            learning_needs=self.learning_needs)


class FeedbackForm(_Form):
    helpfulness: str = ""
    confidence_before: str = ""
    confidence_after: str = ""
    comment: str = ""
