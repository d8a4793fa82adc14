"""The Reports API as api.md says: roles, bad quarters, suppression, no identifiers, audit."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import select

from consult.privacy.audit import AuditEvent
from tests.reporting import helpers as h

ENDPOINTS = ("/api/reports/quarterly?quarter=2026Q3", "/api/reports/quarterly.csv?quarter=2026Q3&suppress=true",
             "/api/reports/consultations.csv?from=2026-07-01&to=2026-09-30")
IDENTIFIERS = h.IDENTIFIERS


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


@pytest.mark.parametrize("path", ENDPOINTS)
def test_reports_need_a_token(client, path):
    response = client.get(path)
    assert response.status_code == 401 and "detail" in response.json()


@pytest.mark.parametrize("path", ENDPOINTS)
def test_practitioners_and_clinicians_may_not_read_reports(client, practitioner, clinician, path):
    assert client.get(path, headers=practitioner.headers).status_code == 403
    assert client.get(path, headers=clinician.headers).status_code == 403


@pytest.mark.parametrize("path", ENDPOINTS)
def test_managers_and_admins_may(client, manager, admin, quarter_data, path):
    assert client.get(path, headers=manager.headers).status_code == 200
    assert client.get(path, headers=admin.headers).status_code == 200


@pytest.mark.parametrize("bad", ["2026Q5", "2026-07", "Q3", "", "2026Q3; drop table"])
def test_a_malformed_quarter_is_a_422_that_says_what_is_expected(client, manager, bad):
    for path in ("/api/reports/quarterly", "/api/reports/quarterly.csv"):
        response = client.get(path, params={"quarter": bad}, headers=manager.headers)
        assert response.status_code == 422
        assert "2026Q3" in str(response.json()["detail"])


def test_the_json_carries_every_figure_api_md_names(client, manager, quarter_data):
    body = client.get("/api/reports/quarterly?quarter=2026q3", headers=manager.headers).json()
    for key in ("consultations", "acknowledged_within_target_pct", "advised_within_target_pct",
                "median_working_hours_to_advice", "by_district", "by_role", "by_outcome", "by_thrive",
                "confidence_change", "bookings", "did_not_attend", "faq_questions", "faq_unanswered",
                "supervision_sessions", "supervision_attendance_pct", "training_delegates", "training_completed"):
        assert key in body, key
    assert body["consultations"] == 6 and body["median_working_hours_to_advice"] == 8.0


def test_the_quarterly_csv_hides_small_counts_and_anything_that_would_reveal_them(client, manager, quarter_data):
    text = client.get("/api/reports/quarterly.csv?quarter=2026Q3&suppress=true", headers=manager.headers).text
    cells = {(s, m): v for s, m, v in rows(text)[1:]}
    assert cells[("by_district", "Thanet")] == "<5" and cells[("by_district", "Ashford")] == "0"
    assert cells[("summary", "consultations")] == "6"
    assert cells[("summary", "did_not_attend")] == "<5"
    assert cells[("summary", "acknowledged_within_target_pct")] == "83.3"  # over 6, enough to show
    assert cells[("summary", "advised_within_target_pct")] == "60"         # over 4 advised + 1 overdue
    assert cells[("summary", "confidence_change")] == "[c]"               # only 3 forms
    assert not any(v in {"1", "2", "3", "4"} for (s, m), v in cells.items() if s != "notes")


def test_the_unsuppressed_csv_shows_the_real_counts(client, manager, quarter_data):
    text = client.get("/api/reports/quarterly.csv?quarter=2026Q3&suppress=false", headers=manager.headers).text
    assert ["by_district", "Thanet", "2"] in rows(text)


def test_a_single_small_district_takes_a_second_with_it_in_the_csv(client, db, manager, practitioner):
    for district, n in (("Thanet", 7), ("Dover", 6), ("Swale", 3)):
        for day in range(n):
            h.consultation(db, practitioner.id, received=date(2026, 7, 1 + day), district=district, status="withdrawn")
    db.commit()
    text = client.get("/api/reports/quarterly.csv?quarter=2026Q3", headers=manager.headers).text
    cells = {(s, m): v for s, m, v in rows(text)[1:]}
    assert (cells[("by_district", "Thanet")], cells[("by_district", "Dover")], cells[("by_district", "Swale")]) == ("7", "[c]", "<5")
    assert cells[("summary", "consultations")] == "16"


def test_no_export_carries_names_contacts_or_free_text(client, manager, quarter_data):
    for path in ENDPOINTS[1:]:
        text = client.get(path, headers=manager.headers).text
        for secret in IDENTIFIERS:
            assert secret.lower() not in text.lower(), (path, secret)
        assert "@" not in text


def test_the_consultation_log_csv_has_one_pseudonymised_row_per_consultation(client, manager, quarter_data):
    response = client.get("/api/reports/consultations.csv?from=2026-07-01&to=2026-09-30", headers=manager.headers)
    assert response.headers["content-type"].startswith("text/csv")
    table = rows(response.text)
    header, body = table[0], table[1:]
    assert header[:4] == ["reference", "received_on", "acknowledged_on", "advised_on"]
    for column in ("district", "practitioner_role", "organisation_type", "channel", "outcome", "thrive",
                   "working_hours_to_acknowledge", "working_hours_to_advice"):
        assert column in header
    assert len(body) == 6
    first = dict(zip(header, body[0], strict=False))
    assert first["received_on"] == "2026-07-01" and first["district"] == "Thanet"
    assert first["outcome"] == "pir_referral_advised" and first["working_hours_to_advice"] == "4"


def test_a_log_range_that_ends_before_it_starts_is_a_422(client, manager):
    response = client.get("/api/reports/consultations.csv?from=2026-09-30&to=2026-07-01", headers=manager.headers)
    assert response.status_code == 422


def test_each_export_is_written_to_the_audit_log(client, db, manager, quarter_data):
    client.get("/api/reports/quarterly.csv?quarter=2026Q3", headers=manager.headers)
    client.get("/api/reports/consultations.csv?from=2026-07-01", headers=manager.headers)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)).all()
    assert [e.record for e in events] == ["report:quarterly:2026Q3", "report:consultations:2026-07-01..today"]
    assert all(e.actor_id == manager.id for e in events)


def test_a_spreadsheet_formula_in_a_job_title_is_defused(client, db, manager, practitioner):
    h.consultation(db, practitioner.id, received=date(2026, 7, 2), role="=HYPERLINK(\"http://x\")", status="withdrawn")
    db.commit()
    text = client.get("/api/reports/consultations.csv", headers=manager.headers).text
    assert "'=HYPERLINK" in text
