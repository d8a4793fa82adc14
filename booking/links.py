"""Signed, expiring links that let whoever holds them see, cancel, reschedule or download a
booking without an account (itsdangerous with SECRET_KEY).

The signature's timestamp comes from `consult.clock`, so the expiry follows the service's clock
(and tests can move it) rather than the machine's.
"""
from __future__ import annotations

from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer

from consult import clock
from consult.profiles import Profile
from consult.settings import get_settings

SALT = "pimh-booking-manage"


class LinkExpired(Exception):
    """The link was genuine but is too old; the person should ask for a new one."""


class LinkInvalid(Exception):
    """The link was altered, belongs to another booking, or was never ours."""


class _ClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


class _ClockSerializer(URLSafeTimedSerializer):
    default_signer = _ClockSigner


def _serializer() -> _ClockSerializer:
    return _ClockSerializer(get_settings().secret_key or "", salt=SALT)


def link_lifetime(profile: Profile) -> timedelta:
    """Long enough to reach any bookable slot (the horizon) plus a week for the attendance follow-up."""
    return timedelta(days=profile.booking.horizon_days + 7)


def make_token(reference: str) -> str:
    return _serializer().dumps({"r": reference})


def check_token(token: str | None, *, reference: str, profile: Profile) -> None:
    if not token:
        raise LinkInvalid("This link is incomplete.")
    try:
        data = _serializer().loads(token, max_age=int(link_lifetime(profile).total_seconds()))
    except SignatureExpired:
        raise LinkExpired("This link has expired.") from None
    except BadSignature:
        raise LinkInvalid("This link is not valid.") from None
    if not isinstance(data, dict) or data.get("r") != reference:
        raise LinkInvalid("This link is not valid for that booking.")


def base_url() -> str:
    return get_settings().base_url.rstrip("/")


def manage_url(reference: str, token: str) -> str:
    return f"{base_url()}/book/manage/{reference}?token={token}"


def cancel_api_url(reference: str, token: str) -> str:
    return f"{base_url()}/api/triage/bookings/{reference}/cancel?token={token}"


def ics_path(reference: str, token: str) -> str:
    return f"/api/triage/bookings/{reference}.ics?token={token}"


def ics_url(reference: str, token: str) -> str:
    return base_url() + ics_path(reference, token)
