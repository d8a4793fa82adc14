"""/referrals/check: the same check as a form that works without JavaScript and stores nothing."""
from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot

PAGE = "/referrals/check"

COMPLETE_FORM = {
    "referrer.name": "Ada Invented", "referrer.role": "Health visitor", "referrer.source": "health_visiting",
    "consent.informed_consent_to_referral": "yes", "consent.data_linkage_consent": "yes",
    "parent.nhs_number": "999 000 0018", "parent.district": "thanet", "infant.date_of_birth": "2026-05-01",
    "infant.nhs_number": "999-000-0026", "concerns": ["not_bonding", "trauma"],
    "description": "Mum says she feels nothing when holding the baby and avoids eye contact during feeds most days now.",
    "safeguarding.concerns": "no", "safeguarding.child_protection_investigation": "no",
    "screening.phq9.total": "12", "screening.phq9.item9": "0",
}


def _csrf(client) -> str:
    page = client.get(PAGE)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def submit(client, form: dict):
    return client.post(PAGE, data={"csrf_token": _csrf(client), **form})


def test_the_empty_form_has_a_label_for_every_input(client):
    page = client.get(PAGE)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    ids = re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page.text)
    labels = set(re.findall(r'<label for="([^"]+)"', page.text))
    assert len(ids) > 25 and set(ids) <= labels
    assert "Nothing you type here is saved" in page.text


def test_a_complete_form_shows_a_ticked_checklist_guidance_and_the_send_slot(client):
    page = submit(client, COMPLETE_FORM)
    assert page.status_code == 200
    assert "Ready to send" in page.text
    assert page.text.count('<li class="ok">') == 12
    assert "PHQ-9 12 of 27 (moderate depression symptoms)" in page.text
    assert 'id="send-referral"' in page.text
    assert 'value="999 000 0018"' in page.text  # kept in the form so it can be changed, never stored


def test_problems_sit_beside_their_fields_and_the_summary_links_to_them(client):
    form = {**COMPLETE_FORM, "parent.district": "Medway", "consent.informed_consent_to_referral": "",
            "safeguarding.concerns": "yes", "safeguarding.procedures_followed": "no"}
    page = submit(client, form)
    assert "Not ready to send: 3 problems to put right" in page.text
    for anchor in ("#parent-district", "#consent-informed_consent_to_referral", "#safeguarding-procedures_followed"):
        assert f'href="{anchor}"' in page.text
        assert f'id="{anchor[1:]}"' in page.text
    district = page.text[page.text.index('<label for="parent-district"'):page.text.index('id="parent-district"')]
    assert "Medway families are not covered" in district
    assert page.text.count('<li class="problem">') == 3
    assert "There is a safeguarding concern" in page.text  # the warning, beside the safeguarding question
    assert 'id="send-referral"' not in page.text


def test_a_score_that_is_not_a_number_is_asked_for_again_before_the_check_runs(client):
    page = submit(client, {**COMPLETE_FORM, "screening.gad7.total": "six", "infant.date_of_birth": "2026-02-30"})
    assert "Some answers need changing before the check can run" in page.text
    assert 'href="#screening-gad7-total"' in page.text and 'href="#infant-date_of_birth"' in page.text
    assert "Checklist" not in page.text and 'value="six"' in page.text


def test_the_form_needs_its_csrf_token(client):
    client.get(PAGE)
    assert client.post(PAGE, data=COMPLETE_FORM).status_code == 400


def test_the_page_offers_the_profiles_sources_and_marks_those_not_yet_accepted(client):
    page = client.get(PAGE).text
    assert "Perinatal mental health service (not yet accepted)" in page
    assert "Tunbridge Wells" in page


# --- in a real browser -----------------------------------------------------------------------
@pytest.mark.browser
def test_a_practitioner_checks_a_referral_with_the_keyboard_alone(live_server, page):
    page.goto(f"{live_server}{PAGE}")
    screenshot(page, "readiness-empty")
    # Every control can be reached with Tab alone (one stop per radio group, as browsers do).
    controls = page.eval_on_selector_all(
        "form.readiness-form input:not([type=hidden]):not([type=radio]), form.readiness-form select, "
        "form.readiness-form textarea, form.readiness-form input[type=radio][value=yes]",
        "els => els.map(e => e.id)")
    reached = set()
    for _ in range(len(controls) + 15):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.id"))
    assert set(controls) <= reached
    page.select_option("#referrer-source", "health_visiting")
    page.fill("#parent-nhs_number", "999 000 0018")
    page.fill("#parent-district", "Medway")
    page.fill("#infant-date_of_birth", "2026-05-01")
    page.fill("#infant-nhs_number", "999 000 0019")
    page.check("#concerns")
    page.fill("#description", COMPLETE_FORM["description"])
    page.fill("#screening-phq9-total", "16")
    page.fill("#screening-phq9-item9", "1")
    page.focus("#screening-gad7-total")
    page.keyboard.press("Tab")               # to the submit button, by keyboard
    assert page.evaluate("document.activeElement.textContent") == "Check this referral"
    page.keyboard.press("Enter")
    page.wait_for_selector(".checklist")
    screenshot(page, "readiness-problems")
    assert page.locator(".checklist li").count() == 12
    assert page.locator(".checklist li.problem").count() == 3   # consent, area, baby's NHS number
    assert page.locator(".checklist li.warning").count() >= 2
    page.click(".error-summary a[href='#parent-district']")
    page.wait_for_url(re.compile(r"#parent-district$"))  # the jump is reported asynchronously
    assert page.evaluate("(() => { const r = document.getElementById('parent-district').getBoundingClientRect();"
                         " return r.top > -1 && r.bottom <= window.innerHeight; })()")  # scrolled into view
    page.fill("#parent-district", "Thanet")
    page.check("#consent-informed_consent_to_referral")
    page.fill("#infant-nhs_number", "999 000 0026")
    page.click("button[type=submit]")
    page.wait_for_selector(".result-ready")
    screenshot(page, "readiness-ready")
    assert page.locator(".checklist li.problem").count() == 0
    assert "perinatal mental health service" in page.locator(".guidance").inner_text()


@pytest.mark.browser
def test_the_check_works_with_javascript_switched_off(live_server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 420, "height": 900})
    tab = context.new_page()
    try:
        tab.goto(f"{live_server}{PAGE}")
        tab.fill("#parent-district", "folkestone & hythe")
        tab.click("button[type=submit]")
        tab.wait_for_selector(".checklist")
        assert "Folkestone and Hythe is in Kent" in tab.locator(".checklist").inner_text()
        screenshot(tab, "readiness-no-javascript-narrow")
    finally:
        context.close()
