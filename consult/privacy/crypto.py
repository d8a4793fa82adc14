"""Field-level encryption at rest for identifiable data (Fernet, rotatable with MultiFernet).

Keys come from ENCRYPTION_KEYS (comma-separated Fernet keys, newest first). When it is empty a
key is derived from SECRET_KEY, so development works out of the box; production sets real keys.
"""
from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

from consult.settings import get_settings


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key (the value is never shown)."""


def derive_key(secret: str) -> bytes:
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"pimh-consult-fields", info=b"fernet").derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


def configured_keys() -> list[bytes]:
    settings = get_settings()
    keys = [k.strip().encode() for k in settings.encryption_keys.split(",") if k.strip()]
    return keys or [derive_key(settings.secret_key or "")]


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    return _fernet_for(tuple(configured_keys()))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DecryptionError("a stored field could not be decrypted with the configured keys") from None


def rotate(token: str) -> str:
    """Re-encrypt under the newest key (used by `pimh keys rotate`)."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedText(TypeDecorator[str]):
    """A text column whose value is stored encrypted; Python code sees plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect) -> str | None:
        return None if value is None else decrypt(value)
