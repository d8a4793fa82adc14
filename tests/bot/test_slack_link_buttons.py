"""Link buttons still post a click to the app; each must be acknowledged (200), or Slack shows a warning."""
from __future__ import annotations

import pytest

from tests.bot.conftest import JO


@pytest.mark.parametrize("action_id", ["pimh_open_record", "pimh_manage_booking"])
def test_a_link_button_click_is_acknowledged_and_does_nothing_else(slack, fake_slack, linked, action_id):
    clicked = slack.action(action_id, "", user=JO)
    assert clicked.status_code == 200
    assert not [c for c in fake_slack.calls if c.method.startswith(("chat.", "views."))]


def test_an_unknown_action_is_still_refused(slack, linked):
    assert slack.action("pimh_no_such_button", "", user=JO).status_code == 404
