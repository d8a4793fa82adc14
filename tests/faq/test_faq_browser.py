"""The FAQ page in a real browser, keyboard only: search, answer, feedback, decline, manager edit."""
from __future__ import annotations

from tests.conftest import screenshot, sign_in


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
