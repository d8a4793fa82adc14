"""The provider interface: what the domain needs from a telephony provider, in its own words.

The domain reads `CallEvent`s and answers with an `Answer` (say, dial one number, ask for a
key, hang up); an adapter turns provider webhooks into events and answers into the provider's
markup (TwiML for Twilio). A second provider (Vonage, a council's own telephony) is one more
adapter module registered in PROVIDERS, not a change to the service.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class CallEvent:
    """One webhook from the provider, whichever step of the call it reports."""

    call_sid: str
    from_number: str | None = None
    call_status: str | None = None  # ringing, in-progress, completed, busy, no-answer, failed, canceled
    dial_status: str | None = None  # the outcome of one <Dial>: completed, busy, no-answer, failed, canceled
    duration: int | None = None  # whole call, seconds
    dial_duration: int | None = None  # the connected part of one <Dial>, seconds
    digits: str | None = None


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class DialStep:
    """Ring one work number for `timeout` seconds; the provider then reports back with `attempt`."""

    number: str
    timeout: int
    attempt: int
    caller_id: str | None = None


@dataclass(frozen=True)
class KeypadStep:
    """Say `prompt` and wait for one key; the key (or silence) is reported back."""

    prompt: str
    timeout: int = 8


@dataclass(frozen=True)
class Hangup:
    pass


Step = Say | DialStep | KeypadStep | Hangup


@dataclass(frozen=True)
class Answer:
    steps: tuple[Step, ...]


class TelephonyProvider(Protocol):
    name: str

    def verify(self, *, url: str, params: Mapping[str, str], signature: str | None) -> bool:
        """True only when the request is signed by the provider for exactly this URL and body."""
        ...

    def parse(self, params: Mapping[str, str]) -> CallEvent: ...

    def render(self, answer: Answer) -> tuple[str, str]:
        """The answer as the provider's markup: (body, content type)."""
        ...

    def fetch_call(self, call_sid: str) -> CallEvent | None:
        """The call's final state from the provider's REST API (for calls whose callback was lost)."""
        ...


class ProviderNotConfigured(RuntimeError):
    pass


def _twilio() -> TelephonyProvider:
    from consult.telephony.twilio_adapter import TwilioProvider

    return TwilioProvider.from_settings()


PROVIDERS: dict[str, Callable[[], TelephonyProvider]] = {"twilio": _twilio}


def provider_for(name: str | None) -> TelephonyProvider:
    from consult.settings import get_settings

    settings = get_settings()
    if not name or name != settings.telephony_provider or not settings.telephony_enabled:
        raise ProviderNotConfigured(f"the {name or 'telephony'} line is not configured")
    return PROVIDERS[name]()  # type: ignore[index]  # `not name` above excludes None
