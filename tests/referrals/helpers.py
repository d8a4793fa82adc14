"""A clean referral body (the readiness tests' invented family) and short-cuts through the API."""
from __future__ import annotations

from typing import Any

from tests.readiness.helpers import complete

PARENT_NHS_DIGITS = "9990000018"
INFANT_NHS_DIGITS = "9990000026"


def body(changes: dict[str, Any] | None = None) -> dict[str, Any]:
    out = complete(changes)
    out.pop("as_of", None)
    return out


def submit(client, persona, changes: dict[str, Any] | None = None) -> dict:
    response = client.post("/api/referrals", json=body(changes), headers=persona.headers)
    assert response.status_code == 201, response.text
    return response.json()


GUIDANCE = "Eligible: the relationship difficulties fit the service; we will offer an assessment."


def triage(client, clinician, reference: str, outcome: str = "eligible", **extra) -> dict:
    payload = {"outcome": outcome, "thrive": "getting_help", "guidance": GUIDANCE, **extra}
    response = client.post(f"/api/referrals/{reference}/triage", json=payload, headers=clinician.headers)
    assert response.status_code == 200, response.text
    return response.json()
