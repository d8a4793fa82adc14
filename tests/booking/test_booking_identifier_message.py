"""A booking's summary is checked with the consultation's own sentence (issue 21)."""
from __future__ import annotations

from tests.consultations.test_identifier_message import SENTENCE, TWO


def test_a_booking_summary_gets_the_same_sentence(client, rota):
    from tests.booking.conftest import booking_body, first_slot

    response = client.post("/api/triage/bookings", json=booking_body(first_slot(client)["id"], summary=TWO))
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["body", "summary"] and detail["msg"] == SENTENCE
