"""Service profiles: everything a commissioner may change, as data files validated at start-up."""
from __future__ import annotations

import tomllib
from datetime import time
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PROFILE_DIR = Path(__file__).parent
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class ProfileError(RuntimeError):
    """A profile file is missing or invalid; the message names the bad field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReferralSource(_Strict):
    label: str
    enabled: bool


class TimeLimits(_Strict):
    acknowledge_working_days: int = Field(ge=1, le=30)
    advise_working_days: int = Field(ge=1, le=30)
    triage_working_days: int = Field(ge=1, le=30)
    intervention_start_working_days: int = Field(ge=1, le=120)
    # Share of the time allowed after which a request is "due soon" and escalated.
    due_soon_fraction: float = Field(gt=0, lt=1)


class OfficeHours(_Strict):
    days: tuple[Weekday, ...]
    opens: time
    closes: time

    @model_validator(mode="after")
    def _opens_before_closes(self) -> OfficeHours:
        if self.opens >= self.closes:
            raise ValueError("opens must be before closes")
        return self

    @property
    def hours_per_day(self) -> float:
        return (self.closes.hour * 60 + self.closes.minute - self.opens.hour * 60 - self.opens.minute) / 60


class ExtraSession(_Strict):
    """Evening or Saturday sessions outside core hours (for bookings, not for the clocks)."""

    label: str
    weekday: Weekday
    starts: time
    ends: time
    # Which occurrences in a month: empty means every week; [1] means the first one.
    weeks_of_month: tuple[int, ...] = ()

    @model_validator(mode="after")
    def _starts_before_ends(self) -> ExtraSession:
        if self.starts >= self.ends:
            raise ValueError("starts must be before ends")
        return self


class FamilyHub(_Strict):
    name: str
    district: str
    address: str


class Booking(_Strict):
    slot_minutes: int = Field(ge=10, le=180)
    minimum_notice_hours: int = Field(ge=0, le=336)
    horizon_days: int = Field(ge=1, le=120)
    practitioner_cancel_cutoff_hours: int = Field(ge=0, le=168)
    # Address of a booking's video room; "{room}" is replaced by the booking's own room id.
    video_room_url: str = Field(pattern=r"^https://.*\{room\}")
    allowed_email_domains: tuple[str, ...] = Field(min_length=1)
    family_hubs: tuple[FamilyHub, ...] = ()

    @field_validator("allowed_email_domains")
    @classmethod
    def _lower_domains(cls, domains: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(d.strip().lower().lstrip("@") for d in domains)


class Pathway(_Strict):
    """The family's pathway after triage: the assessment clock, appointments, did-not-attend policy."""

    # An eligible family should be offered its assessment within this many working days of triage.
    assessment_working_days: int = Field(default=15, ge=1, le=120)
    appointment_minutes: int = Field(default=60, ge=15, le=240)
    # After this many did-not-attend outcomes in a row (cancellations do not break or add to the run)
    # the referrer is told and the allocated clinician is asked to decide whether to close.
    did_not_attend_in_a_row: int = Field(default=2, ge=1, le=10)
    tell_referrer_after_did_not_attend: bool = True
    # The clinician's decision after that (keep open or close) stands in the clinicians' queue, due
    # this many working days after the policy asked for it.
    did_not_attend_decision_working_days: int = Field(default=5, ge=1, le=30)
    # Clinic rooms besides the Family Hubs (booking.family_hubs) where families may be seen.
    clinics: tuple[FamilyHub, ...] = ()


class Infant(_Strict):
    upper_age_years: int = Field(ge=1, le=18)


class ReferralCheck(_Strict):
    # api.md fixes 15 words; kept here so a commissioner can ask for a fuller description.
    description_min_words: int = Field(ge=1, le=500)


class Reporting(_Strict):
    small_count_threshold: int = Field(ge=1, le=100)


class Retention(_Strict):
    identifiable_data_years: int = Field(ge=1, le=30)
    unanswered_question_days: int = Field(ge=1, le=3650)


class LearningTheme(_Strict):
    label: str
    # Lower-case words or phrases; a learning need belongs to the first theme any of them is found in.
    keywords: tuple[str, ...] = Field(min_length=1)


class Voice(_Strict):
    """Complaints, compliments and families' feedback (consult.voice)."""
    # Local Authority Social Services and NHS Complaints (England) Regulations 2009: acknowledge within 3 working days.
    complaint_acknowledge_working_days: int = Field(default=3, ge=1, le=30)
    feedback_question: str = "Overall, how was your experience of our service?"
    feedback_rate_limit: str = Field(default="30/hour", pattern=r"^[1-9][0-9]{0,5}/(second|minute|hour|day)$")
    # Themes the practitioners' learning needs (noted at advice) are counted by in the reports.
    learning_themes: dict[str, LearningTheme] = {}


class Supervision(_Strict):
    groups_per_district: int = Field(ge=0, le=10)
    members_per_group: int = Field(ge=1, le=20)
    member_roles: tuple[str, ...]
    # Default monthly rule for a new group: the nth weekday of the month (groups may override).
    session_weekday: Weekday = "tue"
    session_week_of_month: int = Field(default=2, ge=1, le=4)
    session_starts: time = time(10, 0)
    session_minutes: int = Field(default=90, ge=30, le=240)
    schedule_months_ahead: int = Field(default=3, ge=1, le=12)
    reminder_days_before: int = Field(default=2, ge=1, le=14)


class Training(_Strict):
    reminder_days_before: int = Field(ge=1, le=28)
    # Delegates a booking must be approved by the manager before the course (spec: "approve eligible delegates").
    manager_approval_required: bool = True


class Telephony(_Strict):
    """The telephone consultation line: how long each duty clinician's phone rings, how soon a
    missed or out-of-hours call is called back (working hours), and what callers hear."""

    dial_timeout_seconds: int = Field(default=20, ge=5, le=60)
    callback_working_hours: float = Field(default=4, gt=0, le=40)
    greeting: str = ("You have reached the parent infant mental health consultation line, for advice about a case. "
                     "You do not need to give the family's names.")
    callback_offer: str = "To ask for a call back on the number you are calling from, press 1 now."
    callback_confirmed: str = "Thank you. A clinician will call you back. Goodbye."


class Contacts(_Strict):
    emergency: str
    safeguarding: str
    perinatal_mental_health: str
    universal_offer: str
    # Who answers data protection questions and requests (shown on the privacy notice).
    data_protection: str
    out_of_area: dict[str, str] = {}


class Profile(_Strict):
    id: str
    area_name: str
    service_name: str
    service_short_name: str
    timezone: str
    bank_holiday_country: str
    bank_holiday_subdivision: str | None = None
    districts: tuple[str, ...] = Field(min_length=1)
    infant: Infant
    referral_sources: dict[str, ReferralSource]
    referral_check: ReferralCheck
    time_limits: TimeLimits
    office_hours: OfficeHours
    extra_sessions: tuple[ExtraSession, ...] = ()
    booking: Booking
    pathway: Pathway = Pathway()
    reporting: Reporting
    retention: Retention
    supervision: Supervision
    training: Training
    contacts: Contacts
    voice: Voice = Voice()
    telephony: Telephony = Telephony()

    @property
    def enabled_sources(self) -> tuple[str, ...]:
        return tuple(code for code, source in self.referral_sources.items() if source.enabled)

    @property
    def working_weekdays(self) -> frozenset[int]:
        return frozenset(WEEKDAYS.index(d) for d in self.office_hours.days)


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))


def load_profile_file(path: Path) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"service profile file not found: {path}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"service profile {path.name} is not valid TOML: {exc}") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(top level)'}: {err['msg']}" for err in exc.errors()
        )
        raise ProfileError(f"service profile {path.name} is invalid: {problems}") from None


@lru_cache
def load_profile(name: str) -> Profile:
    if name not in available_profiles():
        raise ProfileError(
            f"unknown SERVICE_PROFILE {name!r}; choose one of: {', '.join(available_profiles())}"
        )
    return load_profile_file(PROFILE_DIR / f"{name}.toml")


def active_profile() -> Profile:
    from consult.settings import get_settings

    return load_profile(get_settings().service_profile)
