"""The one input of each consultation write, and the one place its rules are checked.

Every transport (JSON API, web form, Slack modal, `pimh chat`, the booking package, the call log)
builds a `ConsultationRequest` or a `CallLog` and hands it to one service function, which calls
`checked()` once: the same rule then holds on every channel, whoever built the command. The
models carry types only; rules that need the service profile or the identifier check live in
`checked()`, so a transport can build a command from whatever the person typed and be told, field
by field (`InvalidInput`), what is wrong.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from consult.consultations import rules
from consult.consultations.errors import InvalidInput
from consult.consultations.models import CALL_CHANNELS, CHANNELS, CONCERNS, CONTACTS, URGENCIES
from consult.consultations.outcome import choice
from consult.consultations.privacy import identifying_problem
from consult.profiles import active_profile

# How long a description of a case may be, for consultation requests and the triage bookings that
# become them; the forms, the API schemas and the Slack modals read these too.
SUMMARY_MIN, SUMMARY_MAX = 15, 4000
CONSENT_NEEDED = "confirm that the parent knows you are asking the service for advice about their situation"
INFANT_AGE_MAX_MONTHS = 60


class _Command(BaseModel):
    # A command never changes once built, and a misspelt field is a programming error, not input.
    model_config = ConfigDict(frozen=True, extra="forbid")


class ConsultationRequest(_Command):
    """A request for advice on a case, from any channel (create_consultation's one input)."""

    channel: str = "web"
    summary: str = ""
    district: str | None = None
    concerns: tuple[str, ...] = ()
    infant_age_months: int | None = None
    antenatal: bool = False
    urgency: str = "routine"
    preferred_contact: str = "chat"
    callback_phone: str | None = None
    callback_window: str | None = None
    consent_confirmed: bool = False
    # A triage booking joins its consultation: the same booking reference returns the same request.
    booking_reference: str | None = None


class CallLog(_Command):
    """A consultation held by telephone, video or in person, logged with its advice (log_call's input)."""

    channel: str = "phone"
    summary: str = ""
    district: str | None = None
    concerns: tuple[str, ...] = ()
    infant_age_months: int | None = None
    urgency: str = "routine"
    advice: str = ""
    recommendation: str = ""
    thrive: str = ""
    scores: dict[str, int | None] | None = Field(default=None)
    learning_needs: str | None = None

    def request(self) -> ConsultationRequest:
        """The request the call stands for: the parent's agreement was asked on the call."""
        return ConsultationRequest(
            channel=self.channel, summary=self.summary, district=self.district, concerns=self.concerns,
            infant_age_months=self.infant_age_months, urgency=self.urgency,
            preferred_contact={"phone": "phone", "video": "video"}.get(self.channel, "chat"), consent_confirmed=True,
        )


def checked_summary(text: str, field: str = "question") -> str:
    text = (text or "").strip()
    if len(text) < SUMMARY_MIN:
        raise InvalidInput(field, f"describe the case in at least {SUMMARY_MIN} characters")
    if len(text) > SUMMARY_MAX:
        raise InvalidInput(field, f"keep it under {SUMMARY_MAX} characters")
    problem = identifying_problem(text)
    if problem:
        raise InvalidInput(field, problem)
    return text


def checked_district(district: str | None) -> str:
    profile = active_profile()
    match = next((d for d in profile.districts if district and d.lower() == district.strip().lower()), None)
    if match is None:
        raise InvalidInput("district", f"must be one of the {profile.area_name} districts: {', '.join(profile.districts)}")
    return match


def checked(request: ConsultationRequest) -> ConsultationRequest:
    """The request with its rules applied (first problem raised as InvalidInput naming the field),
    its text trimmed and its district spelt as the profile spells it."""
    choice(request.channel, CHANNELS, "channel")
    choice(request.urgency, URGENCIES, "urgency")
    choice(request.preferred_contact, CONTACTS, "preferred_contact")
    # The same rule on every channel (web, API, Slack, terminal chat, bookings, logged calls):
    # nobody discusses a family with the service unless the parent knows and agrees.
    if request.consent_confirmed is not True:
        raise InvalidInput("consent_confirmed", CONSENT_NEEDED)
    age = request.infant_age_months
    if age is not None and not 0 <= age <= INFANT_AGE_MAX_MONTHS:
        raise InvalidInput("infant_age_months",
                           f"between 0 and {INFANT_AGE_MAX_MONTHS} months (leave empty while antenatal)")
    phone = (request.callback_phone or "").strip() or None
    # A call already under way (the telephone line's log) needs no call-back number.
    if request.preferred_contact == "phone" and request.channel not in CALL_CHANNELS and phone is None:
        raise InvalidInput("callback_phone", "give a number to call back on, or choose another way to be contacted")
    unknown = [c for c in request.concerns if c not in CONCERNS]
    if unknown:
        raise InvalidInput("concerns", f"unknown concern codes: {', '.join(unknown)}")
    return request.model_copy(update={
        "summary": checked_summary(request.summary), "district": checked_district(request.district),
        "concerns": tuple(rules.clean_concerns(request.concerns, CONCERNS)), "callback_phone": phone,
        "callback_window": (request.callback_window or "").strip() or None,
    })
