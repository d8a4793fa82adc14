"""The one input of a triage booking, built by every transport (the booking pages, the JSON API, the
Slack modal, `pimh chat`, the demo) and checked once, in booking.service.book."""
from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class PractitionerDetails:
    """Who books, as they gave themselves (an account's email needs its sign-in: booking.identity)."""

    name: str
    email: str
    phone: str | None
    role: str
    organisation: str
    district: str


class BookingRequest(BaseModel):
    """A slot asked for: how it will be held, by whom, about what, with the family's agreement."""

    # Never changed once built; a misspelt field is a programming error, not input.
    model_config = ConfigDict(frozen=True, extra="forbid")

    slot_id: str
    method: str
    practitioner: PractitionerDetails
    summary: str
    consent_confirmed: bool
    # A practitioner's open consultation request that the booking joins instead of starting another.
    consultation_reference: str | None = None
