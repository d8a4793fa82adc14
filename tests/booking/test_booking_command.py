"""A triage booking is one BookingRequest, whichever channel builds it; its description follows the
consultation request's limits (a booking becomes one), defined once in consult.consultations.commands."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from booking.commands import BookingRequest, PractitionerDetails
from consult.consultations.commands import SUMMARY_MIN
from tests.booking.conftest import booking_body, first_slot
from tests.consultations.test_commands import TOO_SHORT

JO = PractitionerDetails("Jo Pellow", "jo.pellow@nhs.net", None, "Health visitor", "Community health trust", "Thanet")


def test_a_booking_request_is_a_value_that_refuses_a_misspelt_field():
    request = BookingRequest(slot_id="s", method="video", practitioner=JO, summary="x", consent_confirmed=True)
    with pytest.raises(ValidationError):
        BookingRequest(slot_id="s", method="video", practitioner=JO, summary="x", consent=True)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        request.summary = "changed"  # type: ignore[misc]


def test_the_api_refuses_a_description_shorter_than_a_consultation_request_may_be(client, rota):
    slot = first_slot(client)
    response = client.post("/api/triage/bookings", json=booking_body(slot["id"], summary=TOO_SHORT))
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "summary"
    assert f"{SUMMARY_MIN} to" in response.json()["detail"][0]["msg"]
    # One character more is enough.
    assert client.post("/api/triage/bookings", json=booking_body(slot["id"], summary=TOO_SHORT + ".")).status_code == 201
