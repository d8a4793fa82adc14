"""Reporting pages through the real app: access, filters, pagination, downloads."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from consult.privacy.audit import AuditEvent
from tests.privacy.helpers import web_sign_in
from tests.reporting import helpers as h

PAGES = ("/reports", "/reports/dashboard", "/reports/dashboard?quarter=2026Q3", "/reports/annual?year=2026",
         "/reports/log")


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/reports/dashboard", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")


def test_practitioners_are_refused_every_report_page(client, practitioner):
    web_sign_in(client, practitioner)
    for path in PAGES:
        assert client.get(path).status_code == 403, path


def test_a_manager_sees_every_report_page_with_its_charts(client, manager, quarter_data, referral_quarter):
    web_sign_in(client, manager)
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<script" not in response.text
    board = client.get("/reports/dashboard?quarter=2026Q3").text
    # Issue 21: charts are inline drawings and HTML bar lists now, not base64 images.
    assert board.count('<svg class="chart-svg"') + board.count('<table class="bar-list">') >= 10
    assert "data:image/svg" not in board
    assert "Nothing was recorded in this period." not in board
    empty = client.get("/reports/dashboard?quarter=2025Q1").text
    assert "Nothing was recorded in this period." in empty and '<svg class="chart-svg"' not in empty
    assert "Consultations per month by district" in board and "Show the figures" in board


def test_the_dashboard_explains_a_bad_quarter_next_to_the_field(client, manager):
    web_sign_in(client, manager)
    response = client.get("/reports/dashboard?quarter=2026Q9")
    assert response.status_code == 200
    assert "There is a problem with the period" in response.text and 'href="#quarter"' in response.text


def test_the_log_filters_by_district_and_outcome(client, manager, quarter_data):
    web_sign_in(client, manager)
    text = client.get("/reports/log?district=Dover&outcome=pir_referral_advised").text
    assert "1 consultation<" in text
    text = client.get("/reports/log?from=2026-07-01&to=2026-09-30").text
    assert "6 consultations" in text and 'href="/consultations/PIMH-2026-' in text


@pytest.mark.parametrize(("query", "expected"), [
    # Counted by hand from quarter_data's eight consultations.
    ("role=Midwife", 1),
    ("role=Not+recorded", 1),
    ("organisation_type=health_visiting", 6),
    ("organisation_type=midwifery", 1),
    ("channel=phone", 1),
    ("channel=web", 6),
    ("outcome=other_service", 3),
    ("thrive=getting_advice", 2),
    ("thrive=thriving", 2),
    ("status=open", 1),
    ("status=closed", 1),
    ("status=withdrawn", 1),
    ("from=2026-08-01&to=2026-08-31", 2),
    ("district=Thanet&thrive=thriving&from=2026-10-01", 1),
])
def test_each_log_filter_narrows_to_the_hand_counted_rows(client, manager, quarter_data, query, expected):
    web_sign_in(client, manager)
    text = client.get(f"/reports/log?{query}").text
    assert "There is a problem" not in text
    assert (f"{expected} consultation<" if expected == 1 else f"{expected} consultations") in text
    assert text.count('href="/consultations/PIMH-2026-') == expected


def test_the_log_filters_by_clinician(client, manager, clinician, second_clinician, quarter_data):
    web_sign_in(client, manager)
    assert "4 consultations" in client.get(f"/reports/log?clinician={clinician.id}").text
    assert "2 consultations" in client.get(f"/reports/log?clinician={second_clinician.id}").text


def test_an_unknown_filter_value_is_reported_not_applied(client, manager, quarter_data):
    web_sign_in(client, manager)
    text = client.get("/reports/log?district=Medway").text
    assert "Choose a district from the list." in text and "8 consultations" in text


def test_a_clinician_sees_only_the_consultations_they_took_on(client, clinician, quarter_data):
    web_sign_in(client, clinician)
    text = client.get("/reports/log").text
    assert "The consultations you claimed or advised on." in text
    assert "4 consultations" in text  # the first clinician worked on 4 of the 8
    assert 'id="clinician"' not in text and "Download these" not in text


def test_the_log_pages_through_long_results(client, db, manager, practitioner):
    for n in range(55):
        h.consultation(db, practitioner.id, received=date(2026, 7, 1 + n % 28), status="withdrawn")
    db.commit()
    web_sign_in(client, manager)
    first = client.get("/reports/log?status=withdrawn").text
    assert "Page 1 of 2" in first and "status=withdrawn&amp;page=2" in first
    assert "Page 2 of 2" in client.get("/reports/log?status=withdrawn&page=2").text


def test_managers_download_the_return_and_the_log_from_the_pages_and_each_is_audited(client, db, manager, quarter_data):
    web_sign_in(client, manager)
    quarterly = client.get("/reports/quarterly.csv?quarter=2026Q3&suppress=true")
    assert quarterly.status_code == 200 and "by_district,Thanet,<5" in quarterly.text
    log = client.get("/reports/consultations.csv?district=Dover")
    assert log.status_code == 200 and len(log.text.strip().splitlines()) == 3
    exports = db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "export"))
    assert exports == 2


def test_the_dashboard_takes_a_date_range_as_well_as_a_quarter(client, manager, quarter_data):
    web_sign_in(client, manager)
    july = client.get("/reports/dashboard?from=2026-07-01&to=2026-07-31").text
    assert '<span class="stat">2</span> consultations' in july  # 1 and 15 July
    quarter = client.get("/reports/dashboard?quarter=2026Q3").text
    assert '<span class="stat">6</span> consultations' in quarter
    backwards = client.get("/reports/dashboard?from=2026-07-31&to=2026-07-01")
    assert backwards.status_code == 200 and "There is a problem with the period" in backwards.text
