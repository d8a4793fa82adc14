"""Chromium drives the clinicians' queue and the advice form, with screenshots to look at."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import rota, service
from consult.consultations.commands import ConsultationRequest
from tests.conftest import screenshot, sign_in

pytestmark = pytest.mark.browser

CASES = [
    (datetime(2026, 11, 19, 9, 30, tzinfo=LONDON), "routine", "Dover",
     "Parent describes the baby as doing it on purpose when crying at night and sounds increasingly angry."),
    (datetime(2026, 11, 19, 13, 0, tzinfo=LONDON), "routine", "Thanet",
     "First-time father avoids holding the baby at visits; mother is carrying all of the care alone."),
    (datetime(2026, 11, 23, 9, 20, tzinfo=LONDON), "urgent", "Swale",
     "Mother describes frightening intrusive thoughts about the baby; she has told her GP this morning."),
    (datetime(2026, 11, 23, 9, 45, tzinfo=LONDON), "routine", "Maidstone",
     "Toddler shows little distress on separation and goes readily to strangers at the Family Hub."),
]


@pytest.fixture
def queue(db, clock, practitioner, clinician, second_clinician):
    jo = db.get(User, practitioner.id)
    rota.set_duty(db=db, day=date(2026, 11, 23), clinicians=[db.get(User, clinician.id), db.get(User, second_clinician.id)])
    made = []
    for at, urgency, district, summary in CASES:
        clock.set(at)
        made.append(service.create_consultation(db=db, practitioner=jo, request=ConsultationRequest(
                consent_confirmed=True, channel="web", summary=summary, district=district,
                urgency=urgency, concerns=["negative_thoughts"])))
    service.claim(db=db, consultation=made[1], clinician=db.get(User, second_clinician.id))
    db.commit()
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON))
    return [c.reference for c in made]


def test_the_clinician_works_the_queue_and_records_advice(live_server, page, queue, clinician):
    overdue, due_soon, urgent, fresh = queue
    sign_in(page, live_server, clinician)
    page.goto(f"{live_server}/consultations")
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 4
    order = [rows.nth(i).locator("td").first.inner_text().split()[0] for i in range(4)]
    assert order == [urgent, overdue, due_soon, fresh]
    assert "overdue" in rows.nth(1).inner_text().lower() and "due soon" in rows.nth(2).inner_text().lower()
    screenshot(page, "consultations-queue")

    page.get_by_role("button", name=f"Claim {urgent}").click()
    assert "You have claimed" in page.locator(".notice").inner_text()
    page.goto(f"{live_server}/consultations/{urgent}")
    screenshot(page, "consultations-detail")

    page.get_by_role("link", name="Record advice").click()
    page.get_by_role("button", name="Record advice and tell the practitioner").click()
    assert page.locator(".error-summary").is_visible()
    screenshot(page, "consultations-advice-errors")

    page.fill("#advice", "Support her to see the GP today for a perinatal mental health assessment; "
                         "intrusive thoughts like these are common and rarely acted on. Agree a plan with the health visitor.")
    page.check("#recommendation-perinatal_mental_health")
    page.check("#thrive-getting_more_help")
    for field, value in (("score_severity", "4"), ("score_relationship", "3"), ("score_protection", "2"),
                         ("score_parent_mental_health", "5")):
        page.select_option(f"#{field}", value)
    page.fill("#learning_needs", "Talking about intrusive thoughts")
    screenshot(page, "consultations-advice-form")
    page.get_by_role("button", name="Record advice and tell the practitioner").click()
    assert f"Advice on {urgent} recorded" in page.locator(".notice").inner_text()
    assert page.locator("table.queue tbody tr").count() == 3


def test_the_practitioner_request_form_works_with_the_keyboard_alone(live_server, page, practitioner):
    sign_in(page, live_server, practitioner)
    page.goto(f"{live_server}/")
    page.get_by_role("link", name="Request a consultation").click()
    page.focus("#question")
    page.keyboard.type("Mother of a young baby feels detached and goes through the motions of care.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # first concern
    page.select_option("#district", "Thanet")
    page.focus("#consent_confirmed")
    page.keyboard.press("Space")  # the parent knows: every channel needs it
    screenshot(page, "consultations-new")
    page.get_by_role("button", name="Send request").click()
    assert "PIMH-2026-00001" in page.locator("h1").inner_text()
    assert "Parent is not bonding with the baby" in page.content()
    screenshot(page, "consultations-practitioner-detail")
