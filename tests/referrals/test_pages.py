"""The referral pages: send from the readiness check (signed in, CSRF), confirmation, the
referrer's masked list, the clinician's triage page; and a browser run of the whole journey."""
from __future__ import annotations

import re

from tests.conftest import screenshot, sign_in
from tests.readiness.test_page import COMPLETE_FORM


def _csrf(client, path: str = "/signin") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def _sign_in(client, persona) -> str:
    response = client.post("/signin", data={"csrf_token": _csrf(client), "email": persona.email,
                                            "password": persona.password, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303
    return _csrf(client, "/referrals/check")


def _checked(client, token: str):
    return client.post("/referrals/check", data={"csrf_token": token, **COMPLETE_FORM})


def _send_form(page_text: str) -> dict[str, str | list[str]]:
    """The hidden fields of the "Send referral" form, as the browser would post them."""
    form = page_text[page_text.index('action="/referrals/send"'):]
    form = form[: form.index("</form>")]
    fields: dict[str, str | list[str]] = {"concerns": []}
    for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form):
        value = value.replace("&#39;", "'").replace("&amp;", "&")
        if name == "concerns":
            fields["concerns"].append(value)
        else:
            fields[name] = value
    return fields


def test_a_signed_out_visitor_is_asked_to_sign_in_before_sending(client):
    checked = _checked(client, _csrf(client, "/referrals/check"))
    assert "Ready to send" in checked.text
    assert 'action="/referrals/send"' not in checked.text
    assert "/signin?next=/referrals/check" in checked.text


def test_a_signed_in_practitioner_sends_the_checked_referral_and_sees_the_confirmation(client, practitioner):
    token = _sign_in(client, practitioner)
    fields = _send_form(_checked(client, token).text)
    assert fields["parent.nhs_number"] == "999 000 0018" and fields["concerns"] == ["not_bonding", "trauma"]
    sent = client.post("/referrals/send", data=fields, follow_redirects=False)
    assert sent.status_code == 303 and sent.headers["location"] == "/referrals/REF-2026-00001/sent"
    confirmation = client.get(sent.headers["location"])
    assert "REF-2026-00001" in confirmation.text and "Wed 25 Nov 10:00" in confirmation.text
    listing = client.get("/referrals")
    assert "REF-2026-00001" in listing.text and "*** *** 0018" in listing.text and "999 000 0018" not in listing.text


def test_sending_without_the_csrf_token_or_with_a_changed_answer_stores_nothing(client, practitioner):
    token = _sign_in(client, practitioner)
    fields = _send_form(_checked(client, token).text)
    no_token = {n: v for n, v in fields.items() if n != "csrf_token"}
    assert client.post("/referrals/send", data=no_token).status_code == 400
    tampered = {**fields, "parent.district": "Medway"}
    refused = client.post("/referrals/send", data=tampered)
    assert refused.status_code == 422 and "not sent" in refused.text
    assert "REF-" not in client.get("/referrals").text


def test_a_clinician_triages_from_the_page_and_a_missing_guidance_is_shown_beside_its_field(client, practitioner, clinician):
    token = _sign_in(client, practitioner)
    client.post("/referrals/send", data=_send_form(_checked(client, token).text))
    client.cookies.clear()
    token = _sign_in(client, clinician)
    page = client.get("/referrals/REF-2026-00001/triage")
    assert "999 000 0018" in page.text and "feels nothing" in page.text
    bad = client.post("/referrals/REF-2026-00001/triage", data={"csrf_token": token, "outcome": "eligible",
                                                                 "thrive": "getting_help", "guidance": ""})
    assert bad.status_code == 422 and 'href="#guidance"' in bad.text
    done = client.post("/referrals/REF-2026-00001/triage", data={
        "csrf_token": token, "outcome": "not_eligible", "thrive": "",
        "guidance": "The concerns are about sleep routines rather than the relationship."}, follow_redirects=False)
    assert done.status_code == 303


def test_check_send_confirm_then_a_clinician_triages_it_in_the_browser(live_server, page, practitioner, clinician):
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server}/referrals/check")
    page.fill("#referrer-name", "Ada Invented")
    page.fill("#referrer-role", "Health visitor")
    page.select_option("#referrer-source", "health_visiting")
    page.check("#consent-informed_consent_to_referral")
    page.check("#consent-data_linkage_consent")
    page.fill("#parent-nhs_number", "999 000 0018")
    page.fill("#parent-district", "Thanet")
    page.fill("#parent-postcode", "CT9 1AA")
    page.fill("#infant-nhs_number", "999 000 0026")
    page.fill("#infant-date_of_birth", "2026-05-01")
    page.check("#concerns")
    page.fill("#description", COMPLETE_FORM["description"])
    page.check("#safeguarding-concerns-no")
    page.check("#safeguarding-child_protection_investigation-no")
    page.click("form.readiness-form button[type=submit]")
    assert page.locator("#send-referral button").is_visible()
    screenshot(page, "referral-send-step")
    page.click("#send-referral button")
    page.wait_for_url("**/referrals/REF-2026-00001/sent")
    assert "REF-2026-00001" in page.inner_text("h1")
    screenshot(page, "referral-sent")
    page.goto(f"{live_server}/referrals")
    screenshot(page, "referral-mine")
    page.context.clear_cookies()

    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/referrals")
    page.click("text=REF-2026-00001")
    page.check("#outcome")
    page.select_option("#thrive", "getting_help")
    page.fill("#guidance", "Eligible: we will offer the family an assessment within the next fortnight.")
    screenshot(page, "referral-triage")
    page.click("form[action$='/triage'] button[type=submit]")
    page.wait_for_url("**/referrals")
    assert "Triage recorded for REF-2026-00001" in page.inner_text("main")
    screenshot(page, "referral-triaged")

    # The assessment with its screening scores, typed and sent with the keyboard.
    page.goto(f"{live_server}/referrals/REF-2026-00001")
    page.fill("#assessment_on", "2026-11-23")
    page.focus("#screening-mors_sf-warmth")
    for score in ("15", "18", "14", "0", "11"):  # warmth, invasion, PHQ-9, question 9, GAD-7, in tab order
        page.keyboard.type(score)
        page.keyboard.press("Tab")
    screenshot(page, "referral-assessment-scores")
    # The page posts back to its own address, so wait for the navigation itself, not the URL.
    with page.expect_navigation():
        page.keyboard.press("Enter")  # focus is on "Record the assessment"
    assert "Assessment recorded for REF-2026-00001" in page.inner_text("main")
    assert "At assessment" in page.inner_text("main")
    screenshot(page, "referral-assessed")
