"""Accounts: create users, issue and check API tokens, verify passwords with lock-out."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from consult import clock
from consult.auth.models import ApiToken, Role, User

TOKEN_PREFIX = "pimh_"
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
MAX_FAILED_SIGN_INS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()


class AccountError(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < 10:
        raise AccountError("passwords need at least 10 characters")
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_user_by_email(*, db: Session, email: str) -> User | None:
    return db.scalar(select(User).where(User.email == email.strip().lower()))


def add_user(
    *,
    db: Session,
    name: str,
    role: Role,
    email: str | None = None,
    password: str | None = None,
    **details: str | None,
) -> User:
    email = email.strip().lower() if email else None
    if email and find_user_by_email(db=db, email=email):
        raise AccountError(f"a user with the email {email} already exists")
    user = User(
        name=name.strip(),
        email=email,
        role=role,
        password_hash=hash_password(password) if password else None,
        **details,
    )
    db.add(user)
    db.flush()
    return user


def get_or_create_user(*, db: Session, name: str, role: Role, email: str | None = None) -> User:
    query = select(User).where(User.email == email.lower()) if email else select(User).where(
        User.name == name, User.role == role, User.email.is_(None)
    )
    return db.scalar(query) or add_user(db=db, name=name, role=role, email=email)


def create_token(*, db: Session, user: User, label: str = "") -> str:
    """Returns the token once; only its hash is stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), label=label))
    db.flush()
    return token


def user_for_token(*, db: Session, token: str) -> User | None:
    row = db.scalar(
        select(ApiToken).where(ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))
    )
    if row is None or not row.user.active:
        return None
    # A write on every call would queue readers behind SQLite's single writer; "last used" to the
    # nearest few minutes is all an account review needs.
    now = clock.now()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        row.last_used_at = now
    return row.user


def authenticate(*, db: Session, email: str, password: str) -> User | None:
    """Checks a password; five failures lock the account for fifteen minutes."""
    user = find_user_by_email(db=db, email=email)
    if user is None or not user.password_hash or not user.active:
        _hasher.hash(password)  # same cost whether or not the account exists
        return None
    now = clock.now()
    if user.locked_until and user.locked_until > now:
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + LOCKOUT
            user.failed_sign_ins = 0
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def is_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > clock.now())
