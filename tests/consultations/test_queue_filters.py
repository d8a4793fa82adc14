"""The clinicians' queue (/consultations): filters by kind, district and clinician, a search by
reference and paging, all as GET parameters; the From column of a referral; time left in words
that agree with the clock state (issue 21)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest

from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import queue_view, rules, service
from consult.consultations.commands import ConsultationRequest
from consult.consultations.models import Consultation
from consult.core.calendar import calendar_for
from consult.referrals.models import Referral
from tests.consultations.test_pages import SUMMARY, _sign_in
from tests.referrals.helpers import submit

HTML = {"accept": "text/html"}


def _request(db, persona, district: str = "Thanet", **changes) -> Consultation:
    made = service.create_consultation(db=db, practitioner=db.get(User, persona.id), request=ConsultationRequest(
        consent_confirmed=True, channel="web", summary=SUMMARY, district=district, **changes))
    db.commit()
    return made


def _references(page: str) -> list[str]:
    """The references of the queue's rows, in order (the first link of each row)."""
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    return re.findall(r'<tr class="state-[a-z_]+">\s*<td><a href="[^"]+"><span class="ref">([^<]+)</span>', body)


def test_the_queue_filters_by_kind_district_and_clinician(client, db, practitioner, outsider, clinician,
                                                          second_clinician):
    thanet = _request(db, practitioner)
    dover = _request(db, outsider, district="Dover")
    mine = _request(db, practitioner, district="Dover")
    service.claim(db=db, consultation=mine, clinician=db.get(User, clinician.id))
    db.commit()
    referral = submit(client, practitioner)["reference"]
    _sign_in(client, clinician)

    everything = _references(client.get("/consultations").text)
    assert set(everything) == {thanet.reference, dover.reference, mine.reference, referral}

    assert _references(client.get("/consultations?kind=referral").text) == [referral]
    assert set(_references(client.get("/consultations?kind=consultation").text)) == {
        thanet.reference, dover.reference, mine.reference}
    assert set(_references(client.get("/consultations?kind=consultation&district=Dover").text)) == {
        dover.reference, mine.reference}
    assert _references(client.get(f"/consultations?clinician={clinician.id}").text) == [mine.reference]
    assert mine.reference not in _references(client.get("/consultations?clinician=none").text)
    page = client.get(f"/consultations?clinician={second_clinician.id}").text
    assert "Nothing in the queue matches these filters" in page and "<tbody>" not in page
    # The form keeps what was chosen, so the next change starts from it.
    chosen = client.get("/consultations?kind=consultation&district=Dover").text
    assert '<option value="Dover" selected>' in chosen and '<option value="consultation" selected>' in chosen


def test_the_search_finds_a_reference_by_any_part_of_it(client, db, practitioner, clinician):
    first, second = _request(db, practitioner), _request(db, practitioner)
    _sign_in(client, clinician)
    number = second.reference.rsplit("-", 1)[1]
    assert _references(client.get(f"/consultations?q={number}").text) == [second.reference]
    assert _references(client.get(f"/consultations?q={first.reference.lower()}").text) == [first.reference]


def test_the_queue_is_paged_and_each_page_link_keeps_the_filters(client, db, practitioner, clinician):
    made = [_request(db, practitioner) for _ in range(queue_view.PAGE_SIZE + 2)]
    _sign_in(client, clinician)
    first = client.get("/consultations?district=Thanet").text
    assert len(_references(first)) == queue_view.PAGE_SIZE
    assert f"Showing 1 to {queue_view.PAGE_SIZE} of {len(made)}" in first
    assert 'href="/consultations?district=Thanet&amp;page=2"' in first
    second = client.get("/consultations?district=Thanet&page=2").text
    assert len(_references(second)) == 2 and "Page 2 of 2" in second
    assert set(_references(first)) | set(_references(second)) == {c.reference for c in made}
    # A page past the end (the list shrank since the link was made) shows the last page.
    assert _references(client.get("/consultations?district=Thanet&page=9").text) == _references(second)


@pytest.mark.parametrize("query, field", [("page=0", "page"), ("page=two", "page"), ("district=Atlantis", "district"),
                                          ("clinician=99999", "clinician"), ("kind=<b>", "kind"),
                                          ("q=" + "9" * 41, "q")])
def test_a_filter_the_page_never_offers_is_a_clear_422(client, db, practitioner, clinician, query, field):
    _sign_in(client, clinician)
    response = client.get(f"/consultations?{query}", headers=HTML)
    assert response.status_code == 422
    assert "Something was wrong with what you sent" in response.text and "<b>" not in response.text
    api = client.get(f"/consultations?{query}", headers={"accept": "application/json"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"][-1] == field


def test_a_referral_row_says_who_referred_by_role_not_referral(client, db, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    referral = db.query(Referral).filter_by(reference=reference).one()
    _sign_in(client, clinician)
    page = client.get("/consultations").text
    row = page[page.index(reference):]
    row = row[:row.index("</tr>")]
    cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
    from_cell = cells[2]  # after time left and district
    assert referral.referrer_role and referral.referrer_role in from_cell
    assert "Referral" not in re.sub(r"<[^>]+>", "", from_cell)


def test_time_left_agrees_with_the_clock_state_outside_working_hours(db):
    calendar = calendar_for(db)
    due = datetime(2026, 11, 23, 17, 0, tzinfo=LONDON)  # Monday, when the office closes
    evening = datetime(2026, 11, 23, 18, 30, tzinfo=LONDON)
    assert rules.clock_state(now=evening, status="claimed", due_soon_at=due - timedelta(hours=2), respond_by=due) \
        == rules.OVERDUE
    assert rules.time_left_words(calendar, now=evening, respond_by=due) == "overdue since 17:00"
    saturday = datetime(2026, 11, 28, 11, 0, tzinfo=LONDON)
    assert rules.time_left_words(calendar, now=saturday, respond_by=datetime(2026, 11, 27, 17, 0, tzinfo=LONDON)) \
        == "overdue since Fri 27 Nov 17:00"
    # Working time past the limit is counted; a long wait reads in working days, not 1,863 hours.
    assert rules.time_left_words(calendar, now=datetime(2026, 11, 24, 10, 0, tzinfo=LONDON), respond_by=due) \
        == "overdue by 60 working minutes"
    # Tue 24 Nov to Fri 4 Dec: nine working days gone, plus three hours of Monday 7 December.
    assert rules.time_left_words(calendar, now=datetime(2026, 12, 7, 12, 0, tzinfo=LONDON), respond_by=due) \
        == "overdue by 9 working days"
    assert rules.describe_time_left(timedelta(hours=16), day_length=timedelta(hours=8)) == "16 working hours left"
    assert rules.describe_time_left(timedelta(hours=-30), day_length=timedelta(hours=8)) == "overdue by 4 working days"
