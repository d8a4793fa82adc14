"""The typed referral: a clean model of the body in api.md, shared by the readiness check
and (later) referral submission. Every field is optional so a half-written draft can be
checked; wrong types are refused (422) rather than guessed at, because a consent flag sent as
the string "no" must never be read as true."""
from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    model_validator,
)

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    # pydantic's lax dates also take numbers (as Unix time) and other shapes; a date of birth
    # typed as 20260501 must be a 422, not 1970.
    if value is None or (isinstance(value, date) and type(value) is date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("must be a real date written YYYY-MM-DD") from None
    raise ValueError("must be a date written YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Short = Annotated[str, StringConstraints(max_length=200)]
Code = Annotated[str, StringConstraints(max_length=100)]


class _Section(BaseModel):
    # Unknown fields are ignored (api.md); the model itself never changes once parsed.
    model_config = ConfigDict(extra="ignore", frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _null_sections_are_empty(cls, data: Any) -> Any:
        # `"parent": null` means the same as leaving the section out.
        if isinstance(data, dict):
            return {k: ({} if v is None and k in cls._sections() else v) for k, v in data.items()}
        return data

    @classmethod
    def _sections(cls) -> frozenset[str]:
        return frozenset(
            name for name, field in cls.model_fields.items()
            if isinstance(field.annotation, type) and issubclass(field.annotation, _Section)
        )


class Referrer(_Section):
    name: Short | None = None
    role: Short | None = None
    organisation: Short | None = None
    source: Code | None = None
    email: Annotated[str, StringConstraints(max_length=320)] | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None


class Consent(_Section):
    informed_consent_to_referral: StrictBool | None = None
    data_linkage_consent: StrictBool | None = None


NhsNumberText = Annotated[str, StringConstraints(max_length=40)]


class Parent(_Section):
    nhs_number: NhsNumberText | None = None
    date_of_birth: IsoDate | None = None
    district: Short | None = None
    postcode: Annotated[str, StringConstraints(max_length=12)] | None = None
    relationship_to_infant: Short | None = None
    interpreter_required: StrictBool | None = None
    language: Short | None = None
    # The family's GP practice (name and town), where the GP copy of the end-of-contact letter goes.
    gp_practice: Short | None = None


class Infant(_Section):
    nhs_number: NhsNumberText | None = None
    date_of_birth: IsoDate | None = None
    expected_due_date: IsoDate | None = None


class Safeguarding(_Section):
    concerns: StrictBool | None = None
    procedures_followed: StrictBool | None = None
    child_protection_investigation: StrictBool | None = None


class MorsSf(_Section):
    warmth: StrictInt | None = None
    invasion: StrictInt | None = None


class Phq9(_Section):
    total: StrictInt | None = None
    item9: StrictInt | None = None


class Gad7(_Section):
    total: StrictInt | None = None


class Screening(_Section):
    # Out-of-range scores are findings (score_out_of_range), not 422s: the practitioner
    # should be told which score to recheck, in words.
    mors_sf: MorsSf = Field(default_factory=MorsSf)
    phq9: Phq9 = Field(default_factory=Phq9)
    gad7: Gad7 = Field(default_factory=Gad7)


class Referral(_Section):
    """A draft referral as a practitioner would send it (api.md, without `as_of`)."""

    referrer: Referrer = Field(default_factory=Referrer)
    consent: Consent = Field(default_factory=Consent)
    parent: Parent = Field(default_factory=Parent)
    infant: Infant = Field(default_factory=Infant)
    concerns: Annotated[list[Code], Field(max_length=30)] | None = None
    description: Annotated[str, StringConstraints(max_length=10_000)] | None = None
    safeguarding: Safeguarding = Field(default_factory=Safeguarding)
    screening: Screening = Field(default_factory=Screening)


class ReadinessRequest(Referral):
    """The readiness check's body: the referral plus the date to check it against."""

    as_of: IsoDate | None = None


class Finding(BaseModel):
    code: str
    field: str
    message: str


class ReadinessResponse(BaseModel):
    ready: bool
    problems: list[Finding]
    warnings: list[Finding]
    guidance: str
