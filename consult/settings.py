"""Every environment variable the service reads, in one typed place (`.env` honoured)."""
from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "development-only-secret-key-change-me"
DEFAULT_DATABASE_URL = "sqlite:///pimh.db"


class SettingsError(RuntimeError):
    """Raised at start-up when the configuration cannot run the service safely."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = DEFAULT_DATABASE_URL
    service_profile: str = "kent"
    secret_key: str | None = None
    # Comma-separated Fernet keys, newest first; derived from SECRET_KEY when empty.
    encryption_keys: str = ""
    base_url: str = "http://127.0.0.1:8000"

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = "https://slack.com/api/"
    slack_triage_channel: str | None = None

    # The telephone line (issue 18): unset provider means no phone line integration.
    telephony_provider: Literal["twilio"] | None = None
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    # The line's public number in E.164 (+441632960123); shown on /service, the FAQ and /pimh hours.
    phone_line_number: str | None = Field(default=None, pattern=r"^\+[1-9][0-9]{6,14}$")

    rate_limits: Literal["on", "off"] = "on"
    # Where the limits count hits: memory:// (each process its own count) or redis://host:6379/0 so
    # that every web worker shares one count and a client cannot multiply its allowance by workers.
    rate_limit_storage_url: str = Field(default="memory://", pattern=r"^(memory|redis|rediss)://")

    # Optional single sign-on (OpenID Connect: Microsoft Entra ID, Slack...); off unless all three are set.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    oidc_provider_name: str = "your organisation's account"

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "pimh-consult@example.nhs.uk"

    # Largest request body accepted (413 beyond it): every address, and Slack's, whose requests are small.
    max_body_bytes: int = Field(default=256 * 1024, ge=4096)
    slack_max_body_bytes: int = Field(default=64 * 1024, ge=4096)

    log_format: Literal["console", "json"] | None = None
    worker_heartbeat_seconds: int = Field(default=30, ge=5)

    @model_validator(mode="after")
    def _secret_key_outside_development(self) -> Settings:
        if not self.secret_key:
            if self.environment == "production":
                raise SettingsError(
                    "SECRET_KEY is not set. Outside development the service refuses to start "
                    "without it: set SECRET_KEY to a long random value (for example the output "
                    "of `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)."
                )
            self.secret_key = DEVELOPMENT_SECRET
        elif self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise SettingsError("SECRET_KEY is the development placeholder; set a real secret in production.")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def slack_http_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)

    @property
    def telephony_enabled(self) -> bool:
        return self.telephony_provider == "twilio" and bool(self.twilio_auth_token)

    @property
    def sso_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @property
    def rate_limits_on(self) -> bool:
        return self.rate_limits == "on"

    @property
    def json_logs(self) -> bool:
        return (self.log_format or ("json" if self.environment == "production" else "console")) == "json"


@lru_cache
def get_settings() -> Settings:
    try:
        return Settings()
    except SettingsError:
        raise
    except ValueError as exc:  # pydantic's ValidationError wraps our SettingsError
        cause = _settings_error_in(exc)
        if cause:
            raise SettingsError(str(cause)) from None
        raise


def _settings_error_in(exc: BaseException) -> SettingsError | None:
    for error in getattr(exc, "errors", lambda: [])():
        ctx_error = error.get("ctx", {}).get("error")
        if isinstance(ctx_error, SettingsError):
            return ctx_error
    return None


def reset_settings_cache() -> None:
    get_settings.cache_clear()
