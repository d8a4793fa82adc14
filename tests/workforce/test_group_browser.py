"""A manager sets up a supervision group and changes its supervisor in the browser, with the keyboard alone."""
from __future__ import annotations

import re

from tests.conftest import screenshot, sign_in

FOCUSED = "(() => { const e = document.activeElement; return (e.id || '') + '|' + (e.textContent || '').trim(); })()"


def _tab_to(page, wanted: str, limit: int = 60) -> None:
    """Presses Tab until the focused element's id or text is `wanted`, as a keyboard user would."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element_id, text = page.evaluate(FOCUSED).split("|", 1)
        if wanted in (element_id, text):
            return
        seen.append(element_id or text[:30])
    raise AssertionError(f"Tab never reached {wanted!r}; it went {seen}")


def test_a_manager_sets_up_a_group_and_changes_its_supervisor_with_the_keyboard(
        live_server, page, manager, clinician, second_clinician):
    sign_in(page, live_server, manager)
    page.goto(f"{live_server}/supervision")
    _tab_to(page, "Set up a supervision group")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/supervision/groups/new")
    screenshot(page, "workforce-group-new")

    # A name but no district, sent with Enter from the name field: the problem is explained.
    _tab_to(page, "name")
    page.keyboard.type("Swale supervision group")
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")
    assert page.locator(".error-summary li").all_inner_texts() == ["Choose the group's district."]
    assert page.locator("#district-error").inner_text() == "Choose the group's district."
    assert page.input_value("#name") == "Swale supervision group"
    screenshot(page, "workforce-group-new-error")

    # The summary's link takes the keyboard to the field; letters choose options in a closed select.
    _tab_to(page, "Choose the group's district.")
    page.keyboard.press("Enter")
    # A fragment jump is reported to Playwright asynchronously: wait for it rather than read page.url at once.
    page.wait_for_url(re.compile(r"#district$"))
    _tab_to(page, "district")
    page.keyboard.type("Swale")
    _tab_to(page, "supervisor_id")
    page.keyboard.type("Priya")
    assert page.input_value("#district") == "Swale" and page.input_value("#supervisor_id") == str(clinician.id)
    _tab_to(page, "Set up the group")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server}/supervision/groups/*")
    main = page.inner_text("main")
    assert "Swale supervision group is set up and its sessions are scheduled." in main
    assert "Tue 8 Dec 10:00" in main and "Priya Castell" in main

    # Changing the supervisor from the group page.
    _tab_to(page, "supervisor_id")
    page.keyboard.type("Tomasz")
    _tab_to(page, "Save supervisor")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Tomasz Wren now leads Swale supervision group")
    assert page.locator("dl.summary-list dd").nth(1).inner_text() == "Tomasz Wren"
    screenshot(page, "workforce-group-supervisor-changed")
