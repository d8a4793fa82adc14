"""The audit search and the privacy notice in a real browser, keyboard only, no JavaScript."""
from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import screenshot, sign_in

from consult.auth.models import User
from consult.privacy.audit import record_event

pytestmark = pytest.mark.browser


def test_a_manager_searches_the_audit_log_with_the_keyboard(live_server, page, db, clock, manager, clinician):
    priya = db.get(User, clinician.id)
    for i, action in enumerate(["create", "read", "update", "read", "export"]):
        record_event(db=db, actor=priya, action=action, record="PIMH-2026-00042", detail=f"step {i + 1}")
        clock.advance(timedelta(minutes=7))
    record_event(db=db, actor="retention job", action="purge", record="retention:faq_questions",
                 detail="3 record(s) older than 365 days purged")
    db.commit()
    sign_in(page, live_server, manager)
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/audit")
    page.focus("#record")
    page.keyboard.type("PIMH-2026-00042")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # submits the search form
    assert page.locator("h2", has_text="5 events").is_visible()
    assert page.locator("table.audit tbody tr").count() == 5
    screenshot(page, "privacy-audit-search")
    page.goto(f"{live_server}/audit?since=yesterday")
    assert page.locator(".error-summary").is_visible()
    screenshot(page, "privacy-audit-error")


def test_the_privacy_notice_names_the_lawful_basis_retention_and_contact(live_server, page):
    page.goto(f"{live_server}/privacy")
    text = page.inner_text("main")
    assert "Article 9(2)(h)" in text and "8 years" in text and "365 days" in text
    assert "data protection officer" in text
    assert "Practitioners' consultation requests" in text and "training and supervision records" in text
    screenshot(page, "privacy-notice")
