"""The FAQ page in a real browser, keyboard only: search, answer, feedback, decline, manager edit."""
from __future__ import annotations

import pytest

from tests.conftest import SCREENSHOTS, screenshot, sign_in


def test_a_practitioner_searches_the_faq_and_says_the_answer_helped(live_server, page, db):
    page.goto(f"{live_server}/faq")
    screenshot(page, "faq-index")
    page.focus("#q")
    page.keyboard.type("can dads be refered")
    page.keyboard.press("Enter")
    page.wait_for_selector(".faq-answer")
    assert "Do you work with dads, partners and other caregivers?" in page.inner_text("h2#result-title")
    assert "Where this comes from" in page.inner_text(".faq-source")
    screenshot(page, "faq-answer")
    page.get_by_role("button", name="Yes, it helped").click()
    page.wait_for_selector("text=glad that helped")
    screenshot(page, "faq-feedback-thanks")

    from sqlalchemy import select

    from faq.models import FaqFeedback

    db.expire_all()
    assert db.scalars(select(FaqFeedback.helpful)).all() == [True]


def test_when_the_faq_does_not_know_it_offers_a_consultation(live_server, page):
    page.goto(f"{live_server}/faq?q=how+do+I+claim+mileage+for+the+car")
    link = page.get_by_role("link", name="Request a consultation")
    assert "question=how+do+I+claim+mileage+for+the+car" in link.get_attribute("href")
    screenshot(page, "faq-declined")


def test_a_manager_reads_the_unanswered_log_and_opens_an_entry(live_server, page, manager):
    page.goto(f"{live_server}/faq?q=can+baby+Oliver+have+a+free+pram")
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/faq/manage")
    assert "baby [name]" in page.inner_text(".learn-queue")
    assert "Oliver" not in page.content()
    screenshot(page, "faq-manage")
    page.goto(f"{live_server}/faq/manage/age-range")
    assert "{{ infant.upper_age_years" in page.input_value("#body")
    screenshot(page, "faq-edit")


def _axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in results.response["violations"]]


@pytest.mark.browser
def test_a_manager_teaches_the_faq_a_practitioners_wording_with_one_click(live_server, browser, manager):
    for width, label in ((1200, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB",
                                      timezone_id="Europe/London")
        page = context.new_page()
        # Fifth pass: "is the team around between xmas and new year" is now answered as it stands (the
        # bank-holidays entry gained "will anyone be around on new years day"), so another declined one.
        question = "r u open over xmas" if label == "desktop" else "is anyone in the office in the week after christmas"
        page.goto(f"{live_server}/faq?q={question.replace(' ', '+')}")
        # Declined (issue 22's fourth pass may name the closest entry as "did you mean", still declined).
        assert "Request a consultation" in page.content() and "Where this comes from" not in page.content()
        assert _axe_violations(page) == []
        sign_in(page, live_server, manager)
        page.goto(f"{live_server}/faq/manage")
        item = page.locator("article.record-item", has_text=question)
        assert item.get_by_role("button", name="Are you closed on bank holidays?").is_visible()
        assert _axe_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        screenshot(page, f"faq-manage-learn-{label}")
        item.screenshot(path=str(SCREENSHOTS / f"faq-manage-learn-{label}-item.png"))  # the one-click choices
        # Keyboard only: focus the button and press Enter (a plain form post, no JavaScript needed).
        item.get_by_role("button", name="Are you closed on bank holidays?").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("text=Added as a way of asking")
        assert page.locator("article.record-item", has_text=question).count() == 0
        assert _axe_violations(page) == []
        screenshot(page, f"faq-manage-learned-{label}")
        page.screenshot(path=str(SCREENSHOTS / f"faq-manage-learned-{label}-top.png"))
        page.goto(f"{live_server}/faq?q={question.replace(' ', '+')}")
        assert "Are you closed on bank holidays?" in page.inner_text("h2#result-title")
        assert "Where this comes from" in page.content() and "Did you mean" not in page.content()  # answered now
        context.close()


@pytest.mark.browser
def test_a_did_you_mean_offer_reads_well_and_works_by_keyboard_on_a_phone_and_a_desk(live_server, browser):
    for width, label in ((1200, "desktop"), (390, "phone")):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB",
                                      timezone_id="Europe/London")
        page = context.new_page()
        page.goto(f"{live_server}/faq?q=do+you+confirm+receipt+of+referrals")
        offer = page.locator(".faq-offer")
        assert "Did you mean" in offer.inner_text() and "Where this comes from" not in page.content()
        assert offer.get_by_role("link", name="Request a consultation").is_visible()  # still declined
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing runs off a phone
        assert _axe_violations(page) == []
        screenshot(page, f"faq-offer-{label}")
        link = offer.locator("h2 a")
        for _ in range(40):  # Tab from the top of the page until the offered entry has the focus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('.faq-offer h2') !== null"):
                break
        else:
            raise AssertionError("the offered entry cannot be reached with Tab")
        title = link.inner_text()
        # wait_for_load_state() would return at once, the offer page being loaded already: wait for
        # the navigation the key starts (PostgreSQL's run once read the old page's heading).
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert "/faq/entries/" in page.url and title in page.locator("h1").inner_text()
        context.close()
