"""Field-level encryption at rest for identifiable data (Fernet, rotatable with MultiFernet).

Keys come from ENCRYPTION_KEYS (comma-separated Fernet keys, newest first). When it is empty a
key is derived from SECRET_KEY, so development works out of the box; production sets real keys.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import zlib
from datetime import timedelta
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import Column, Dialect, MetaData, Table, Text, and_, select, tuple_, update
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from consult import clock
from consult.settings import get_settings


class DecryptionError(RuntimeError):
    """A stored value could not be decrypted with any configured key (the value is never shown)."""


@lru_cache(maxsize=4)  # HKDF ran on every decrypt: a third of the cost of each field in a list
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


class SealInvalid(ValueError):
    """A sealed token was altered, cut short, sealed for another purpose or under unknown keys."""


class SealExpired(SealInvalid):
    """A genuine sealed token that is older than its lifetime."""


@lru_cache(maxsize=8)
def _sealer_for(keys: tuple[bytes, ...], purpose: str) -> MultiFernet:
    # A key per purpose, derived from each configured key: a sealed link never decrypts as a stored
    # field (or as another purpose's link), and rotating ENCRYPTION_KEYS rotates these too.
    derived = [base64.urlsafe_b64encode(HKDF(algorithm=hashes.SHA256(), length=32, salt=b"pimh-consult-sealed",
                                             info=purpose.encode()).derive(base64.urlsafe_b64decode(k)))
               for k in keys]
    return MultiFernet([Fernet(k) for k in derived])


def seal(payload: dict[str, Any], *, purpose: str) -> str:
    """`payload` as JSON, compressed, encrypted and timestamped by the service clock: a URL-safe
    token that hides its content (itsdangerous only signs). Nothing is stored."""
    raw = zlib.compress(json.dumps(payload, separators=(",", ":")).encode("utf-8"), 9)
    now = int(clock.now().timestamp())
    return _sealer_for(tuple(configured_keys()), purpose).encrypt_at_time(raw, now).decode("ascii")


def open_sealed(token: str, *, purpose: str, max_age: timedelta) -> dict[str, Any]:
    """The payload of a token from seal(); SealExpired once older than `max_age`, SealInvalid otherwise."""
    sealer = _sealer_for(tuple(configured_keys()), purpose)
    now = int(clock.now().timestamp())
    try:
        raw = sealer.decrypt_at_time(token.encode("ascii"), int(max_age.total_seconds()), now)
    except (InvalidToken, UnicodeEncodeError):
        try:
            sealer.extract_timestamp(token.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise SealInvalid("the link is not valid") from None
        raise SealExpired("the link has expired") from None  # genuine, but too old (or from the future)
    try:
        payload = json.loads(zlib.decompress(raw))
    except (zlib.error, ValueError):
        raise SealInvalid("the link is not valid") from None
    if not isinstance(payload, dict):
        raise SealInvalid("the link is not valid")
    return payload


class EncryptedText(TypeDecorator[str]):
    """A text column whose value is stored encrypted; Python code sees plain text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(value)


def generate_key() -> str:
    """A new random Fernet key, to put first in ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode("ascii")


def blind_index(value: str) -> str:
    """A keyed hash for finding a record by an encrypted field (Fernet tokens differ every time).

    Normalised (spaces, hyphens and case ignored) so "999 000 0018" and "9990000018" match.
    Derived from SECRET_KEY: changing SECRET_KEY means recomputing stored indexes.
    """
    normalised = "".join(value.split()).replace("-", "").lower()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"pimh-consult-index", info=b"blind-index").derive(
        (get_settings().secret_key or "").encode()
    )
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def _is_current(token: str) -> bool:
    """Already encrypted under the newest key? Then rotation leaves it alone (cheap re-runs)."""
    try:
        Fernet(configured_keys()[0]).decrypt(token.encode("ascii"))
        return True
    except InvalidToken:
        return False


def encrypted_columns(metadata: MetaData) -> dict[Table, list[Column[Any]]]:
    """Every EncryptedText column of every table, found from the metadata (no table list to keep)."""
    found: dict[Table, list[Column[Any]]] = {}
    for table in metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, EncryptedText)]
        if columns:
            found[table] = columns
    return found


def rotate_all(*, db: Session, metadata: MetaData | None = None, batch: int = 500) -> dict[str, int]:
    """Re-encrypt every encrypted value not yet under the newest key; returns rows changed per table.

    Works on the raw ciphertext (plain Text columns), so values are never decrypted into Python
    objects beyond the moment of rotation. Idempotent: a second run changes nothing.
    """
    if metadata is None:
        from consult.contract import installed
        from consult.db import Base

        installed()  # the composition root has imported every domain's models
        metadata = Base.metadata
    changed: dict[str, int] = {}
    for table, columns in encrypted_columns(metadata).items():
        pk = list(table.primary_key.columns)
        raw = sa_table(table.name, *[sa_column(c.name) for c in pk], *[sa_column(c.name, Text) for c in columns])
        count = 0
        last: tuple[Any, ...] | None = None
        while True:
            query = select(*[raw.c[c.name] for c in pk], *[raw.c[c.name] for c in columns]).order_by(
                *[raw.c[c.name] for c in pk]
            ).limit(batch)
            if last is not None:
                query = query.where(tuple_(*[raw.c[c.name] for c in pk]) > tuple_(*last))
            rows = db.execute(query).all()
            if not rows:
                break
            for row in rows:
                keys, values = row[: len(pk)], row[len(pk):]
                updates = {
                    col.name: rotate(value)
                    for col, value in zip(columns, values, strict=False)
                    if value is not None and not _is_current(value)
                }
                if updates:
                    condition = and_(*[raw.c[c.name] == k for c, k in zip(pk, keys, strict=False)])
                    db.execute(update(raw).where(condition).values(**updates))
                    count += 1
            last = tuple(rows[-1][: len(pk)])
        changed[table.name] = count
    return changed
