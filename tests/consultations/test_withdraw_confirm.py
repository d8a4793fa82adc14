"""Withdrawing a consultation request asks first, with a plain page and form (no JavaScript needed):
the first click changes nothing (issue 21)."""
from __future__ import annotations

from consult.consultations import service
from tests.consultations.test_pages import _request, _sign_in


def _status(db, reference) -> str:
    db.expire_all()
    return service.get_consultation(db=db, reference=reference).status


def test_withdraw_asks_first_and_acts_only_when_confirmed(client, db, practitioner):
    reference = _request(db, practitioner).reference
    token = _sign_in(client, practitioner)
    detail = client.get(f"/consultations/{reference}")
    assert f'href="/consultations/{reference}/withdraw"' in detail.text
    assert f'action="/consultations/{reference}/withdraw"' not in detail.text

    unconfirmed = client.post(f"/consultations/{reference}/withdraw", data={"csrf_token": token},
                              follow_redirects=False)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["location"] == f"/consultations/{reference}/withdraw"
    assert _status(db, reference) == "acknowledged"

    ask = client.get(f"/consultations/{reference}/withdraw")
    assert ask.status_code == 200 and f"Withdraw request {reference}?" in ask.text
    assert "Yes, withdraw it" in ask.text and f'href="/consultations/{reference}"' in ask.text
    done = client.post(f"/consultations/{reference}/withdraw", data={"csrf_token": token, "confirm": "yes"})
    assert done.status_code == 200 and f"{reference} withdrawn." in done.text
    assert _status(db, reference) == "withdrawn"


def test_the_confirm_page_is_only_for_the_practitioners_own_open_request(client, db, practitioner, outsider):
    reference = _request(db, practitioner).reference
    _sign_in(client, outsider)
    assert client.get(f"/consultations/{reference}/withdraw").status_code == 404
