from __future__ import annotations

from pathlib import Path

import pytest

from consult.profiles import ProfileError, available_profiles, load_profile, load_profile_file
from consult.settings import Settings, SettingsError, get_settings, reset_settings_cache


def test_secret_key_is_required_in_production(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    reset_settings_cache()
    with pytest.raises(SettingsError, match="SECRET_KEY is not set"):
        get_settings()
    reset_settings_cache()


def test_development_runs_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings = Settings(environment="development", _env_file=None)
    assert settings.secret_key


def test_settings_read_a_dotenv_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SERVICE_PROFILE", raising=False)
    (tmp_path / ".env").write_text("SERVICE_PROFILE=norfolk_waveney\nRATE_LIMITS=off\n")
    settings = Settings()
    assert settings.service_profile == "norfolk_waveney"
    assert settings.rate_limits_on is False


def test_both_profiles_load_with_the_commissioned_figures():
    assert available_profiles() == ["kent", "norfolk_waveney"]
    kent = load_profile("kent")
    assert len(kent.districts) == 12 and "Medway" not in kent.districts
    assert kent.infant.upper_age_years == 2
    limits = kent.time_limits
    assert (limits.acknowledge_working_days, limits.advise_working_days, limits.intervention_start_working_days) == (2, 2, 15)
    assert kent.office_hours.hours_per_day == 8
    assert "nhs.net" in kent.booking.allowed_email_domains
    assert kent.reporting.small_count_threshold == 5
    assert "perinatal_mental_health" in kent.referral_sources and "perinatal_mental_health" not in kent.enabled_sources
    assert load_profile("norfolk_waveney").infant.upper_age_years == 4


def test_an_invalid_profile_names_the_bad_field(tmp_path):
    text = (Path(__file__).parent.parent / "consult" / "profiles" / "kent.toml").read_text()
    bad = tmp_path / "broken.toml"
    bad.write_text(text.replace("advise_working_days = 2", "advise_working_days = -1"))
    with pytest.raises(ProfileError, match=r"time_limits\.advise_working_days"):
        load_profile_file(bad)


def test_an_unknown_profile_lists_the_choices():
    with pytest.raises(ProfileError, match="kent, norfolk_waveney"):
        load_profile("atlantis")
