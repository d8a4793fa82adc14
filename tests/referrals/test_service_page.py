"""/service: public, with hours, closures and time limits from the active profile."""
from __future__ import annotations

import re
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


def test_the_kept_page_follows_closures_and_who_is_signed_in(client, db, practitioner):
    # /service is kept for visitors who are not signed in (consult/web.py, render_kept): a new closure
    # shows at once, and a signed-in visitor still gets their own navigation and sign-out form.
    from tests.privacy.helpers import web_sign_in

    before = client.get("/service").text
    assert client.get("/service").text == before and "Team away day" not in before and "Sign in" in before
    add_closure(db=db, day=date(2026, 12, 8), reason="Team away day")
    db.commit()
    assert "Tuesday 8 December 2026: Team away day" in client.get("/service").text
    web_sign_in(client, practitioner)
    signed_in = client.get("/service").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', signed_in).group(1)
    assert "Sign out Jo Pellow" in signed_in and "Team away day" in signed_in
    client.post("/signout", data={"csrf_token": token})
    assert "Sign out Jo Pellow" not in client.get("/service").text
