"""Error pages for browsers have the site shell, plain words and links onward, and never echo what
was asked for; the navigation is in the page twice, in full and behind a Menu button (issue 21)."""
from __future__ import annotations

from tests.consultations.test_pages import _sign_in

HTML = {"accept": "text/html"}


def test_a_missing_page_explains_itself_in_the_shell_with_links_onward(client):
    response = client.get("/no-such-page-about-baby-smith", headers=HTML)
    assert response.status_code == 404
    page = response.text
    assert '<header class="site-header">' in page and "<h1>Page not found</h1>" in page
    assert "There is no page at this address" in page and "Not Found" not in page
    assert 'href="/faq"' in page and 'href="/signin"' in page and "Where you can go from here" in page
    assert "smith" not in page.lower()  # the address asked for is not repeated back
    assert client.get("/no-such-page", headers={"accept": "application/json"}).json() == {"detail": "Not Found"}


def test_a_record_that_is_not_there_keeps_its_own_words_and_leads_on(client, clinician):
    _sign_in(client, clinician)
    page = client.get("/consultations/PIMH-2026-99999", headers=HTML)
    assert page.status_code == 404
    assert "PIMH-2026-99999" in page.text and 'href="/consultations">The consultation queue' in page.text


def test_refused_and_invalid_pages_lead_on_too(client, practitioner):
    _sign_in(client, practitioner)
    refused = client.get("/duty-rota", headers=HTML)
    assert refused.status_code == 403 and "Where you can go from here" in refused.text
    assert 'href="/consultations">Your consultation requests' in refused.text


def test_the_navigation_is_in_full_and_behind_a_menu_button(client, manager):
    page = client.get("/").text
    assert '<nav aria-label="Main" class="nav-full">' in page
    assert '<details class="nav-menu">' in page and "<summary>Menu</summary>" in page
    _sign_in(client, manager)
    page = client.get("/").text
    menu = page[page.index('<details class="nav-menu">'):page.index("</details>")]
    full = page[page.index('class="nav-full"'):page.index('<details class="nav-menu">')]
    for link in ('href="/reports"', 'href="/audit"', 'href="/consultations"', "Sign out Helen Marsh"):
        assert link in menu and link in full
