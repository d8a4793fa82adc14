"""JSON shapes for the triage booking API (pydantic at the edge, ORM rows inside)."""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, EmailStr, Field, model_validator
from pydantic_core import PydanticCustomError

from booking import links
from booking.models import Booking
from booking.present import how
from booking.slots import Slot, slot_id
from consult.consultations.commands import SUMMARY_MAX
from consult.core.types import BoundedDate, DbId, LocalTime
from consult.profiles import Profile

MethodName = Literal["phone", "video", "in_person"]


def _phone_and_video() -> list[MethodName]:
    return ["phone", "video"]


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class PractitionerIn(_In):
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr = Field(max_length=320)
    phone: str | None = Field(default=None, max_length=40, pattern=r"^[0-9+() -]{7,40}$")
    role: str = Field(default="", max_length=120)
    organisation: str = Field(default="", max_length=200)
    district: str = Field(min_length=1, max_length=80)


class BookingIn(_In):
    slot_id: str = Field(min_length=1, max_length=40)
    method: MethodName
    practitioner: PractitionerIn
    summary: str = Field(max_length=SUMMARY_MAX)
    consent_confirmed: bool
    consultation_reference: str | None = Field(default=None, max_length=40)


class MoveIn(_In):
    slot_id: str = Field(min_length=1, max_length=40)
    method: MethodName | None = None


class AttendanceIn(_In):
    outcome: Literal["attended", "did_not_attend"]


class WeeklyRuleIn(_In):
    clinician_id: DbId | None = None
    weekday: int = Field(ge=0, le=6)
    starts: LocalTime
    ends: LocalTime
    methods: list[MethodName] = Field(default_factory=_phone_and_video, min_length=1, max_length=3)
    family_hub: str | None = Field(default=None, max_length=120)
    valid_from: BoundedDate | None = None
    valid_until: BoundedDate | None = None

    @model_validator(mode="after")
    def _in_order(self) -> WeeklyRuleIn:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise PydanticCustomError("date_order", "valid_until must be on or after valid_from")
        return self


class ExceptionIn(_In):
    clinician_id: DbId | None = None
    day: BoundedDate
    kind: Literal["away", "extra"]
    starts: LocalTime | None = None
    ends: LocalTime | None = None
    methods: list[MethodName] = Field(default_factory=_phone_and_video, min_length=1, max_length=3)
    family_hub: str | None = Field(default=None, max_length=120)
    reason: str = Field(default="", max_length=200)


class ClosureIn(_In):
    day: BoundedDate
    reason: str = Field(min_length=1, max_length=200)


# -- answers: each JSON route's model, so /openapi.json documents it (times ISO 8601 with the local offset) --
class SlotOut(BaseModel):
    id: str
    start: str
    end: str
    methods: list[str]
    location: str | None
    clinician: str | None


class SlotsOut(BaseModel):
    slots: list[SlotOut]


class BookingOut(BaseModel):
    reference: str
    slot_id: str
    start: str
    end: str
    method: str
    location: str | None
    status: str
    sequence: int
    clinician: str | None
    consultation_reference: str | None
    # Only in the answer to the one who holds the booking's signed link (left out otherwise).
    cancel_url: str | None = None
    ics_url: str | None = None
    manage_url: str | None = None


class BookingsOut(BaseModel):
    bookings: list[BookingOut]


class WeeklyRuleOut(BaseModel):
    id: int
    clinician_id: int
    weekday: int
    starts: str
    ends: str
    methods: list[str]
    family_hub: str | None


class ExceptionOut(BaseModel):
    id: int
    clinician_id: int
    day: str
    kind: str


class ClosureOut(BaseModel):
    day: str
    reason: str


class ShortfallOut(BaseModel):
    day: str
    method: str
    occurrences: int
    earliest_free_at: str | None


class ShortfallsOut(BaseModel):
    shortfalls: list[ShortfallOut]


def iso(instant: datetime, profile: Profile) -> str:
    """An instant with the local offset (+00:00 in winter, +01:00 in summer for London)."""
    return instant.astimezone(ZoneInfo(profile.timezone)).isoformat()


@lru_cache(maxsize=8192)
def _slot_words(slot: Slot, timezone: str) -> tuple[str, str, str]:
    # The free slots themselves are kept (booking/slot_cache.py), so their words can be too: this
    # formatting was most of a slots request.
    zone = ZoneInfo(timezone)
    return slot.id, slot.start.astimezone(zone).isoformat(), slot.end.astimezone(zone).isoformat()


def slot_out(slot: Slot, profile: Profile, clinician: str | None) -> dict[str, Any]:
    id_, start, end = _slot_words(slot, profile.timezone)
    return {
        "id": id_,
        "start": start,
        "end": end,
        "methods": list(slot.methods),
        "location": slot.family_hub,
        "clinician": clinician,
    }


def booking_out(booking: Booking, profile: Profile, *, token: str | None = None, clinician: str | None = None) -> dict[str, Any]:
    out = {
        "reference": booking.reference,
        "slot_id": slot_id(booking.clinician_id, booking.starts_at),
        "start": iso(booking.starts_at, profile),
        "end": iso(booking.ends_at, profile),
        "method": booking.method,
        "location": how(profile, booking, show_phone=False).location,
        "status": booking.status.value,
        "sequence": booking.sequence,
        "clinician": clinician,
        "consultation_reference": booking.consultation_reference,
    }
    if token:
        out["cancel_url"] = links.cancel_api_url(booking.reference, token)
        out["ics_url"] = links.ics_url(booking.reference, token)
        out["manage_url"] = links.manage_url(booking.reference, token)
    return out
