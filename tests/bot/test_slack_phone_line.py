"""Slack's /pimh hours names the telephone line's number (PHONE_LINE_NUMBER) when the service has one."""
from __future__ import annotations

import pytest


@pytest.fixture
def line_number(slack_env, monkeypatch):
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("PHONE_LINE_NUMBER", "+441632960000")
    reset_settings_cache()


def test_hours_name_the_consultation_lines_number(line_number, slack):
    text = str(slack.command("hours").json())
    assert "Telephone consultation line: 01632 960000" in text


def test_hours_say_nothing_of_a_line_the_service_does_not_have(slack):
    assert "Telephone consultation line" not in str(slack.command("hours").json())
