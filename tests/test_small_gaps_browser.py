"""Issue 21's small gaps, in Chromium at desktop and 390 px: the referrer's own referral page says
the baby's age as the clinician's does, and a group's former members read their months the UK way.
axe-core finds no WCAG 2.2 AA violation; screenshots land in artifacts/screenshots/."""
from __future__ import annotations

from datetime import date

from tests.conftest import screenshot, sign_in
from tests.referrals.helpers import submit
from tests.test_words_and_dates_browser import WIDTHS, _axe_violations, _definition


def _fits_and_passes_axe(page, width: int, name: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    assert _axe_violations(page) == [], name
    screenshot(page, name)


def test_the_referrer_reads_the_babys_age_on_their_own_referral(client, practitioner, live_server, page):
    born = submit(client, practitioner)["reference"]
    expected = submit(client, practitioner, {"infant.nhs_number": None, "infant.date_of_birth": None,
                                             "infant.expected_due_date": "2026-12-14"})["reference"]
    sign_in(page, live_server, practitioner)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/referrals/{born}")
        # The frozen clock says Monday 23 November 2026; the invented baby was born on 1 May 2026.
        assert _definition(page, "Baby") == "6 months old"
        main = page.locator("main").inner_text()
        assert "1 May 2026" not in main and "Baby's date of birth" not in main  # the referrer's view stays masked
        _fits_and_passes_axe(page, width, f"referrer-baby-age-{width}")
        page.goto(f"{live_server}/referrals/{expected}")
        assert _definition(page, "Baby") == "Due in 3 weeks"
        _fits_and_passes_axe(page, width, f"referrer-baby-due-{width}")


def test_a_groups_former_members_read_their_months_in_full(client, db, practitioner, manager, live_server, page):
    from consult.auth.models import User
    from consult.workforce import supervision

    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet")
    db.commit()
    membership = supervision.add_member(db=db, group=group, user=db.get(User, practitioner.id),
                                        member_role="Community matron", joined_on=date(2026, 3, 2), actor="test")
    supervision.remove_member(db=db, membership_id=membership.id, reason="moved team", actor="test")
    db.commit()
    sign_in(page, live_server, manager)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/supervision/groups/{group.id}")
        assert "Former members: Jo Pellow (March 2026 – November 2026)." in page.locator("main").inner_text()
        _fits_and_passes_axe(page, width, f"group-former-members-{width}")
