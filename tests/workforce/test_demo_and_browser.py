from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import func, select

from consult.core import demo as core_demo
from consult.seeding import SeedOptions
from consult.workforce import demo
from consult.workforce.models import BookingStatus, GroupMembership, SupervisionGroup, TrainingBooking, TrainingFeedback
from tests.conftest import screenshot, sign_in

JO = SimpleNamespace(email="jo.pellow@demo.nhs.net", password=core_demo.DEMO_PASSWORD)
HELEN = SimpleNamespace(email="helen.marsh@pimhs.demo.nhs.net", password=core_demo.DEMO_PASSWORD)
PRIYA = SimpleNamespace(email="priya.castell@pimhs.demo.nhs.net", password=core_demo.DEMO_PASSWORD)


def _seed(db) -> None:
    core_demo.seed(db, SeedOptions())
    demo.seed(db, SeedOptions())
    db.commit()


def test_the_demo_has_twelve_groups_of_four_courses_a_waiting_list_and_feedback_and_reruns_add_nothing(db):
    _seed(db)
    assert db.scalar(select(func.count()).select_from(SupervisionGroup)) == 12
    assert db.scalar(select(func.count()).select_from(GroupMembership).where(GroupMembership.left_on.is_(None))) == 48
    assert db.scalar(select(func.count()).select_from(GroupMembership).where(GroupMembership.left_on.is_not(None))) == 3
    assert db.scalar(select(func.count()).select_from(TrainingBooking).where(TrainingBooking.status == BookingStatus.waiting_list)) == 4
    assert db.scalar(select(func.count()).select_from(TrainingFeedback)) == 11
    assert demo.seed(db, SeedOptions()) == "workforce: supervision groups and training courses already there"


def test_a_practitioner_books_a_training_place_in_the_browser(db, live_server, page):
    _seed(db)
    sign_in(page, live_server, JO)
    page.goto(f"{live_server}/training")
    screenshot(page, "workforce-courses")
    spring = page.locator("li.course", has_text="(spring)")
    assert "11 of 15 places left" in spring.inner_text().lower()
    spring.get_by_role("button", name="Book a place").click()
    page.wait_for_url(f"{live_server}/training/bookings")
    assert "You have a place on Level 2 Attachment and Parent Infant Relationships (spring)" in page.inner_text("main")
    screenshot(page, "workforce-my-bookings")
    page.goto(f"{live_server}/training")
    assert "10 of 15 places left" in page.locator("li.course", has_text="(spring)").inner_text().lower()
    winter = page.locator("li.course", has_text="(winter)").inner_text()
    assert "number 4 on the waiting list" in winter


def test_supervision_development_and_manager_pages_render_for_their_users(db, live_server, page):
    _seed(db)
    sign_in(page, live_server, JO)
    page.goto(f"{live_server}/supervision")
    assert "Thanet supervision group" in page.inner_text("main")
    screenshot(page, "workforce-my-supervision")
    page.goto(f"{live_server}/me/development")
    assert "Supervision sessions attended" in page.inner_text("main")
    screenshot(page, "workforce-development-record")
    page.context.clear_cookies()
    sign_in(page, live_server, HELEN)
    page.goto(f"{live_server}/training/manage")
    screenshot(page, "workforce-manage-courses")
    page.get_by_role("link", name="Level 2 Attachment and Parent Infant Relationships (winter)").click()
    assert "12 of 12 places taken" in page.inner_text("main")
    screenshot(page, "workforce-course-admin")
    page.context.clear_cookies()
    sign_in(page, live_server, PRIYA)
    page.goto(f"{live_server}/supervision")
    page.get_by_role("link", name="Thanet supervision group").click()
    assert "Save attendance" in page.inner_text("main")
    screenshot(page, "workforce-group")
