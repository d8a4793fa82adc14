"""Bad input at the edge is a 4xx naming what was wrong, never a 500 (issue 16 item 4 and 6).

Each case here was a 500 before the shared bounded types (`consult.core.types`): integers past
what the database holds (SQLite refuses past 2**63, PostgreSQL past 2**31), dates whose
neighbouring day overflows the calendar, NUL bytes (PostgreSQL refuses them in text), zoned
times compared with local ones, and two feedback forms racing to insert one row.
"""
from __future__ import annotations

import threading

import httpx
import pytest

from tests.booking.conftest import booking_body, rota  # noqa: F401  (rota is a fixture)
from tests.consultations.test_api import ADVICE, REQUEST

HUGE = 2**63  # past SQLite's integer; PostgreSQL's `integer` ends at 2**31 - 1
PAST_INT32 = 2**31


def _refused(response, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert "detail" in body
    return body


def _advised(client, practitioner, clinician) -> str:
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=clinician.headers).status_code == 200
    return reference


@pytest.mark.parametrize("number", [HUGE, PAST_INT32])
def test_ids_in_paths_beyond_the_database_range_are_422(client, manager, clinician, practitioner, number):
    _refused(client.post(f"/api/training/courses/{number}/bookings", headers=practitioner.headers))
    _refused(client.get(f"/api/training/courses/{number}/delegates", headers=manager.headers))
    _refused(client.get(f"/api/supervision/groups/{number}", headers=clinician.headers))
    _refused(client.post(f"/api/supervision/sessions/{number}/attendance", headers=clinician.headers,
                         json={"user_id": 1, "status": "attended"}))


def test_ids_in_bodies_and_queries_beyond_the_database_range_are_422(client, manager, clinician, practitioner):
    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    _refused(client.post(f"/api/consultations/{reference}/handover", json={"to": HUGE}, headers=clinician.headers))
    _refused(client.put("/api/duty-rota/2026-11-24", json={"clinicians": [HUGE]}, headers=manager.headers))
    _refused(client.post("/api/supervision/groups", json={"name": "Thanet group", "supervisor_id": HUGE},
                         headers=manager.headers))
    _refused(client.get("/api/consultations", params={"offset": HUGE}, headers=manager.headers))
    _refused(client.post("/api/faq/feedback", json={"entry_id": "what-is-pimh", "helpful": True, "question_id": HUGE}))


def test_edge_dates_on_the_public_booking_endpoints_are_refused_not_500(client, rota):  # noqa: F811
    _refused(client.get("/api/triage/slots", params={"start": "9999-12-31"}))
    _refused(client.get("/api/triage/slots", params={"start": "0001-01-01"}))
    for slot_id in (f"{rota.id}-99991231T2300Z", f"{rota.id}-00010101T0000Z", f"{HUGE}-20261124T1000Z"):
        refused = _refused(client.post("/api/triage/bookings", json=booking_body(slot_id)))
        assert refused["detail"][0]["loc"] == ["body", "slot_id"]
    page = client.get(f"/book/slot/{rota.id}-99991231T2300Z", headers={"Accept": "text/html"})
    assert 400 <= page.status_code < 500 and "<html" in page.text.lower()


def test_closures_and_the_rota_refuse_years_0001_and_9999(client, manager):
    for day in ("0001-01-01", "9999-12-31"):
        _refused(client.post("/api/triage/closures", json={"day": day, "reason": "Training day"}, headers=manager.headers))
        _refused(client.put(f"/api/duty-rota/{day}", json={"clinicians": []}, headers=manager.headers))
        _refused(client.get(f"/api/duty-rota/{day}", headers=manager.headers))
    assert client.post("/api/triage/closures", json={"day": "2026-12-29", "reason": "Training day"},
                       headers=manager.headers).status_code == 201


def test_availability_refuses_a_zoned_time_and_an_end_before_the_start(client, clinician):
    rule = {"weekday": 1, "starts": "09:00", "ends": "12:00"}
    zoned = _refused(client.post("/api/triage/availability", json={**rule, "starts": "09:00Z"}, headers=clinician.headers))
    assert zoned["detail"][0]["loc"] == ["body", "starts"]
    backwards = _refused(client.post("/api/triage/availability", headers=clinician.headers,
                                     json={**rule, "valid_from": "2027-02-01", "valid_until": "2027-01-01"}))
    assert "valid_until" in str(backwards["detail"])
    assert client.post("/api/triage/availability", json={**rule, "valid_from": "2027-01-01", "valid_until": "2027-02-01"},
                       headers=clinician.headers).status_code == 201


def test_nul_bytes_are_refused_at_the_edge_wherever_they_come(client, practitioner, rota):  # noqa: F811
    question = _refused(client.post("/api/consultations", headers=practitioner.headers,
                                    json={**REQUEST, "question": REQUEST["question"] + "\x00"}))
    assert question["detail"][0]["loc"] == ["body", "question"]
    _refused(client.post("/api/triage/bookings", json=booking_body("1-20261124T1000Z", name="Jo\x00 Pellow")))
    _refused(client.get("/api/consultations", params={"district": "Thanet\x00"}, headers=practitioner.headers))
    _refused(client.get("/api/consultations/PIMH-2026-00001%00", headers=practitioner.headers))
    _refused(client.post("/api/faq/answer", json={"question": "what is \x00 pimh"}))


def test_form_pages_given_impossible_values_answer_with_a_message_not_a_500(client, manager):
    from tests.consultations.test_rota_pages import _sign_in

    csrf = _sign_in(client, manager)
    page = client.get("/duty-rota", params={"week": "9999-12-31"}, headers={"Accept": "text/html"})
    assert page.status_code == 400 and "Week not recognised" in page.text
    saved = client.post("/duty-rota/9999-12-31", data={"csrf_token": csrf, "week": "9999-12-27"},
                        headers={"Accept": "text/html"}, follow_redirects=False)
    assert saved.status_code == 404 and "Day not recognised" in saved.text
    group = client.post("/supervision/groups", headers={"Accept": "text/html"}, follow_redirects=False,
                        data={"csrf_token": csrf, "name": "Thanet", "supervisor_id": str(HUGE)})
    assert group.status_code == 422 and "Choose the supervisor from the list" in group.text
    missing = client.get(f"/supervision/groups/{HUGE}", headers={"Accept": "text/html"})
    assert missing.status_code == 422 and "Something was wrong with what you sent" in missing.text
    assert "group_id" in missing.text and "<html" in missing.text.lower()


def test_simultaneous_duplicate_feedback_gives_one_201_and_409s(live_server, practitioner, clinician):
    with httpx.Client(base_url=live_server, timeout=60) as http:
        reference = _advised(http, practitioner, clinician)
    feedback = {"helpfulness": 4, "confidence_before": 2, "confidence_after": 4}
    attempts = 6
    barrier = threading.Barrier(attempts)
    codes: list[int] = []

    def give() -> None:
        with httpx.Client(base_url=live_server, timeout=60) as http:
            barrier.wait()
            codes.append(http.post(f"/api/consultations/{reference}/feedback", json=feedback,
                                   headers=practitioner.headers).status_code)

    threads = [threading.Thread(target=give) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(codes) == [201] + [409] * (attempts - 1)
