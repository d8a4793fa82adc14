"""/openapi.json documents every JSON answer: each operation's success response has a schema, and
that schema names its fields (a model), so a client can read what it gets back without guessing."""
from __future__ import annotations

from typing import Any

# Routes whose answer is not JSON, so there is no JSON schema to give.
NOT_JSON = {
    ("get", "/api/triage/bookings/{reference}.ics"): "an iCalendar file (text/calendar) for the booking",
    ("get", "/api/caseload/calendar.ics"): "the clinician's appointments as an iCalendar feed",
    ("get", "/api/referrals/outcomes.csv"): "the pseudonymised outcomes dataset as CSV",
    ("get", "/api/referrals/linkage.csv"): "the data-linkage extract as CSV",
    ("get", "/api/reports/quarterly.csv"): "the commissioner's quarterly return as CSV",
    ("get", "/api/reports/consultations.csv"): "the consultation log as CSV",
}


def _json_successes(spec: dict[str, Any]):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation.get("responses", {}).items():
                if status.startswith("2"):
                    yield (method, path), status, response.get("content", {}).get("application/json")


def _names_its_fields(schema: dict[str, Any], spec: dict[str, Any]) -> bool:
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "array":
        return _names_its_fields(schema.get("items", {}), spec)
    if "anyOf" in schema:  # one of several views (a referral as its referrer or a clinician sees it)
        return all(_names_its_fields(choice, spec) for choice in schema["anyOf"])
    return bool(schema.get("properties"))


def test_every_json_answer_has_a_schema(client):
    spec = client.get("/openapi.json").json()
    missing = [(key, status) for key, status, body in _json_successes(spec)
               if key not in NOT_JSON and not (body or {}).get("schema")]
    assert missing == []


def test_every_json_answer_names_its_fields(client):
    spec = client.get("/openapi.json").json()
    bare = sorted(key for key, _status, body in _json_successes(spec)
                  if key not in NOT_JSON and not _names_its_fields((body or {}).get("schema") or {}, spec))
    assert bare == [], "give these routes a response model"


def test_the_routes_listed_as_not_json_exist(client):
    spec = client.get("/openapi.json").json()
    successes = {key for key, _status, _body in _json_successes(spec)}
    assert set(NOT_JSON) <= successes, "a route listed as not JSON no longer exists"
