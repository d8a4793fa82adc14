"""/referrals/check?draft=: the form opened from a clean Slack check, filled in with its answers;
the practitioner adds the family's details, checks and sends, and the referral counts as Slack's."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.readiness.drafts import LIFETIME
from tests.conftest import screenshot
from tests.readiness.helpers import DESCRIPTION, INFANT_NHS, PARENT_NHS
from tests.readiness.test_drafts import slack_draft_token
from tests.referrals.test_pages import _send_form, _sign_in


def _value(page: str, field_id: str) -> str | None:
    found = re.search(rf'id="{re.escape(field_id)}"[^>]*value="([^"]*)"', page)
    return found.group(1) if found else None


def _sent_channel(db, reference: str) -> str:
    from consult.referrals.models import Referral

    db.expire_all()
    return db.scalars(select(Referral.channel).where(Referral.reference == reference)).one()



def test_the_draft_link_opens_the_form_filled_in_with_a_notice_and_the_slack_origin(client):
    page = client.get(f"/referrals/check?draft={slack_draft_token()}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "carried over your answers from Slack" in page.text
    assert _value(page.text, "infant-date_of_birth") == "2026-05-01"
    assert _value(page.text, "parent-district") == "Thanet"
    assert _value(page.text, "screening-phq9-total") == "12"
    assert re.search(r'<option value="midwifery" selected>', page.text)
    assert re.search(r'id="consent-informed_consent_to_referral"[^>]*checked', page.text)
    assert not re.search(r'id="consent-data_linkage_consent"[^>]*checked', page.text)
    assert re.search(r'id="concerns-trauma"[^>]*checked', page.text)
    assert re.search(r'id="safeguarding-concerns-no"[^>]*checked', page.text)
    assert DESCRIPTION in page.text
    assert '<input type="hidden" name="origin" value="slack">' in page.text
    assert "autofocus" not in page.text
    # Signed out: sign in first and come back to the same link.
    assert "/signin?next=%2Freferrals%2Fcheck%3Fdraft%3D" in page.text


@pytest.mark.parametrize("how", ["expired", "altered"])
def test_an_expired_or_altered_link_shows_the_empty_form_and_says_to_check_again(client, clock, how):
    token = slack_draft_token()
    if how == "expired":
        clock.advance(LIFETIME + timedelta(minutes=1))
    else:
        token = token[:-8] + "AAAAAAAA"
    page = client.get(f"/referrals/check?draft={token}")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "The link from Slack has expired" in page.text and "/pimh check" in page.text
    assert _value(page.text, "parent-district") == "" and "carried over" not in page.text
    assert 'name="origin"' not in page.text


FAMILY = {"parent.nhs_number": PARENT_NHS, "parent.date_of_birth": "1994-03-02", "parent.postcode": "CT9 1AA",
          "infant.nhs_number": INFANT_NHS, "referrer.name": "Ada Invented", "referrer.role": "Midwife"}


def _carried_form(page: str) -> dict[str, str | list[str]]:
    """What the browser would post from the pre-filled form (inputs, the chosen option, ticked boxes)."""
    form = page[page.index('class="form readiness-form"'):]
    fields: dict[str, str | list[str]] = {"concerns": []}
    for tag in re.findall(r"<input [^>]+>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if not name or (re.search(r'type="(checkbox|radio)"', tag) and " checked" not in tag):
            continue
        if name.group(1) == "concerns":
            fields["concerns"].append(value.group(1))
        else:
            fields[name.group(1)] = value.group(1) if value else ""
    fields["referrer.source"] = re.search(r'<option value="([^"]+)" selected>', form).group(1)
    fields["description"] = re.search(r'<textarea[^>]*>([^<]*)</textarea>', form).group(1)
    return fields


@pytest.mark.parametrize("origin, channel", [("slack", "slack"), ("api", "web")])
def test_a_referral_finished_from_the_draft_is_sent_and_counted_as_slacks(client, db, practitioner, origin, channel):
    token = _sign_in(client, practitioner)
    carried = _carried_form(client.get(f"/referrals/check?draft={slack_draft_token()}").text)
    assert carried["origin"] == "slack" and carried["concerns"] == ["not_bonding", "trauma"]
    checked = client.post("/referrals/check", data={**carried, **FAMILY, "csrf_token": token})
    assert "Ready to send" in checked.text
    fields = _send_form(checked.text)
    assert fields["origin"] == "slack" and fields["parent.nhs_number"] == PARENT_NHS
    # A page can only vouch for Slack: any other origin is sent as the web form's.
    sent = client.post("/referrals/send", data={**fields, "origin": origin}, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/referrals/REF-2026-00001/sent"
    assert _sent_channel(db, "REF-2026-00001") == channel


def test_the_plain_web_form_still_sends_as_web(client, db, practitioner):
    from tests.readiness.test_page import COMPLETE_FORM

    token = _sign_in(client, practitioner)
    fields = _send_form(client.post("/referrals/check", data={**COMPLETE_FORM, "csrf_token": token}).text)
    assert "origin" not in fields
    client.post("/referrals/send", data=fields)
    assert _sent_channel(db, "REF-2026-00001") == "web"


def test_from_the_slack_link_to_a_sent_referral_in_the_browser(live_server, page, db, practitioner):
    page.goto(f"{live_server}/referrals/check?draft={slack_draft_token()}")
    # Signed out: the notice's sign-in link brings the practitioner back with the answers.
    page.click(".draft-notice a")
    page.fill("#email", practitioner.email)
    page.fill("#password", practitioner.password)
    page.click("button[type=submit]")
    page.wait_for_url("**/referrals/check?draft=*")
    assert "carried over your answers from Slack" in page.inner_text(".draft-notice")
    assert page.input_value("#infant-date_of_birth") == "2026-05-01"
    assert page.input_value("#parent-district") == "Thanet"
    assert page.input_value("#referrer-source") == "midwifery"
    assert page.is_checked("#consent-informed_consent_to_referral") and page.is_checked("#concerns-trauma")
    assert page.input_value("#description") == DESCRIPTION
    assert page.input_value("#parent-nhs_number") == ""
    screenshot(page, "referral-draft-from-slack")

    page.fill("#referrer-name", "Ada Invented")
    page.fill("#referrer-role", "Midwife")
    page.fill("#parent-nhs_number", PARENT_NHS)
    page.fill("#parent-date_of_birth", "1994-03-02")
    page.fill("#parent-postcode", "CT9 1AA")
    page.fill("#infant-nhs_number", INFANT_NHS)
    page.click("form.readiness-form button[type=submit]")
    assert page.locator("#send-referral button").is_visible()
    screenshot(page, "referral-draft-checked")
    page.click("#send-referral button")
    page.wait_for_url("**/referrals/REF-*/sent")
    reference = re.search(r"REF-\d{4}-\d{5}", page.inner_text("h1")).group(0)
    assert _sent_channel(db, reference) == "slack"
