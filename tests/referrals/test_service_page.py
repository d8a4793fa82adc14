"""/service: public, with hours, closures and time limits from the active profile."""
from __future__ import annotations

from datetime import date

from consult.core.calendar import add_closure


def test_the_service_page_is_public_and_shows_hours_closures_and_time_limits(client, db):
    add_closure(db=db, day=date(2026, 12, 4), reason="Team training day")
    db.commit()
    page = client.get("/service")
    assert page.status_code == 200
    text = page.text
    assert "Mon, Tue, Wed, Thu, Fri, 09:00 to 17:00" in text
    assert "Friday 4 December 2026: Team training day" in text and "Christmas Day" in text
    assert "within 2 working days" in text and "within 15 working days of the assessment" in text
    assert "Thanet" in text and "/referrals/check" in text and "/book" in text
