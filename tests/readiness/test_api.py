"""POST /api/referrals/readiness through the real app: the contract in api.md, the profile
switch, 422 for wrong types, and nothing kept or logged."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.readiness.helpers import PARENT_NHS, complete

URL = "/api/referrals/readiness"


def test_a_complete_referral_is_ready_with_guidance(client):
    response = client.post(URL, json=complete())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"ready", "problems", "warnings", "guidance"}
    assert body["ready"] is True and body["problems"] == [] and body["warnings"] == []
    assert "Ready to send" in body["guidance"] and "2 working days" in body["guidance"]
    assert "clinical decision" in body["guidance"]


def test_an_empty_draft_lists_every_missing_item_as_findings(client):
    body = client.post(URL, json={}).json()
    assert body["ready"] is False
    assert {(f["code"], f["field"]) for f in body["problems"]} == {
        ("referrer_source_not_accepted", "referrer.source"),
        ("consent_missing", "consent.informed_consent_to_referral"),
        ("nhs_number_missing", "parent.nhs_number"),
        ("nhs_number_missing", "infant.nhs_number"),
        ("outside_area", "parent.district"),
        ("infant_age_unknown", "infant.date_of_birth"),
        ("no_relationship_concern", "concerns"),
        ("description_insufficient", "description"),
    }
    assert all(set(f) == {"code", "field", "message"} for f in body["problems"] + body["warnings"])


def test_as_of_defaults_to_today_in_london(client):
    # The frozen clock says Monday 23 November 2026: a baby born on 23 November 2024 turned two today.
    draft = complete({"infant.date_of_birth": "2024-11-23"})
    del draft["as_of"]
    assert [f["code"] for f in client.post(URL, json=draft).json()["problems"]] == ["infant_too_old"]
    draft["infant"]["date_of_birth"] = "2024-11-24"
    assert client.post(URL, json=draft).json()["ready"] is True


def test_as_of_is_the_london_date_not_the_utc_one(client, clock):
    from datetime import datetime

    from consult.clock import LONDON

    # 00:30 on 1 June in London is still 31 May in UTC: the second birthday is London's today.
    clock.set(datetime(2026, 6, 1, 0, 30, tzinfo=LONDON))
    draft = complete({"infant.date_of_birth": "2024-06-01"})
    del draft["as_of"]
    assert [f["code"] for f in client.post(URL, json=draft).json()["problems"]] == ["infant_too_old"]


def test_as_of_in_the_body_is_used_instead_of_today(client):
    draft = complete({"infant.date_of_birth": "2024-11-23", "as_of": "2026-11-22"})
    assert client.post(URL, json=draft).json()["ready"] is True


@pytest.mark.parametrize(("path", "value"), [
    ("consent.informed_consent_to_referral", "yes"),
    ("consent.informed_consent_to_referral", 1),
    ("parent.nhs_number", 9990000018),
    ("parent.interpreter_required", "false"),
    ("infant.date_of_birth", 20260501),
    ("infant.date_of_birth", "01/05/2026"),
    ("infant.date_of_birth", "2026-02-30"),
    ("as_of", "today"),
    ("concerns", "not_bonding"),
    ("concerns", [1, 2]),
    ("screening.phq9.total", "9"),
    ("screening.phq9.total", 9.5),
    ("screening.gad7.total", True),
    ("description", ["words"]),
    ("referrer", "health visitor"),
])
def test_wrong_types_are_422_and_never_echo_the_value(client, path, value):
    response = client.post(URL, json=complete({path: value}))
    assert response.status_code == 422
    assert "detail" in response.json()
    assert "0018" not in response.text and "01/05/2026" not in response.text


def test_a_body_that_is_not_an_object_is_422(client):
    assert client.post(URL, json=["not", "an", "object"]).status_code == 422
    assert client.post(URL, content=b"{not json", headers={"Content-Type": "application/json"}).status_code == 422


def test_bodies_too_deep_or_too_long_to_parse_are_client_errors_not_crashes(client):
    deep = b'{"concerns":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    huge_number = b'{"screening": {"phq9": {"total": ' + b"9" * 5000 + b"}}}"
    for body in (deep, huge_number):
        response = client.post(URL, content=body, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500 and "detail" in response.json()


def test_unknown_fields_are_ignored_and_null_sections_are_empty(client):
    draft = complete({"favourite_colour": "green", "parent.shoe_size": 5})
    assert client.post(URL, json=draft).json()["ready"] is True
    nulls = {"referrer": None, "consent": None, "parent": None, "infant": None, "safeguarding": None, "screening": None}
    assert client.post(URL, json=nulls).status_code == 200


def test_a_lone_surrogate_in_a_text_field_is_not_a_server_error(client):
    response = client.post(URL, content=b'{"parent": {"district": "\\ud800"}}', headers={"Content-Type": "application/json"})
    assert response.status_code in (200, 422)


def test_the_answer_is_never_cached(client):
    assert client.post(URL, json=complete()).headers["cache-control"] == "no-store"


def test_nothing_typed_is_stored_or_logged(client, db, caplog):
    from structlog.testing import capture_logs

    from consult.db import Base
    from consult.models import import_all_models

    import_all_models()

    def row_counts() -> dict[str, int]:
        return {t.name: db.execute(select(func.count()).select_from(t)).scalar_one() for t in Base.metadata.sorted_tables}

    before = row_counts()
    draft = complete({"parent.postcode": "ZZ99 9ZZ", "description": "Secret description " + "word " * 20})
    with capture_logs() as events:
        assert client.post(URL, json=draft).status_code == 200
        assert client.post(URL, json=complete({"screening.phq9.total": "oops"})).status_code == 422
    db.expire_all()
    assert row_counts() == before
    assert [e["event"] for e in events] == ["readiness_checked"]  # codes only
    everything = repr(events) + caplog.text
    for secret in (PARENT_NHS, "999 000 0018", "ZZ99 9ZZ", "Secret description", "1994-03-02", "Ada Invented"):
        assert secret not in everything


def test_the_rate_limit_applies_when_switched_on(database_url, clock, monkeypatch):
    from fastapi.testclient import TestClient

    from consult.app import create_app
    from consult.ratelimit import reset_rate_limits
    from consult.settings import reset_settings_cache

    monkeypatch.setenv("RATE_LIMITS", "on")
    reset_settings_cache()
    reset_rate_limits()
    with TestClient(create_app()) as client:
        statuses = [client.post(URL, json={}).status_code for _ in range(121)]
    reset_rate_limits()
    assert statuses[:120] == [200] * 120 and statuses[120] == 429


# --- the other profile, with no code change -------------------------------------------------
@pytest.fixture
def norfolk_client(monkeypatch, database_url, clock):
    from fastapi.testclient import TestClient

    from consult.app import create_app
    from tests.conftest import _reset_caches

    monkeypatch.setenv("SERVICE_PROFILE", "norfolk_waveney")
    _reset_caches()
    with TestClient(create_app()) as client:
        yield client
    _reset_caches()


def test_norfolk_and_waveney_changes_the_area_and_the_age_limit(norfolk_client):
    three_years_old = {"infant.date_of_birth": "2023-11-24"}
    assert norfolk_client.post(URL, json=complete({"parent.district": "Norwich", **three_years_old})).json()["ready"] is True
    assert norfolk_client.post(URL, json=complete({"parent.district": "kings lynn & west norfolk"})).json()["ready"] is True
    thanet = norfolk_client.post(URL, json=complete()).json()
    assert [f["code"] for f in thanet["problems"]] == ["outside_area"]
    assert "Breckland" in thanet["problems"][0]["message"]
    fourth_birthday = complete({"parent.district": "Waveney", "infant.date_of_birth": "2022-11-23"})
    problems = norfolk_client.post(URL, json=fourth_birthday).json()["problems"]
    assert [(f["code"], f["field"]) for f in problems] == [("infant_too_old", "infant.date_of_birth")]
    assert "fourth birthday" in problems[0]["message"]


def test_norfolk_and_waveney_has_switched_on_the_perinatal_source_and_names_suffolk(norfolk_client):
    draft = complete({"parent.district": "Norwich", "referrer.source": "perinatal_mental_health"})
    assert norfolk_client.post(URL, json=draft).json()["ready"] is True
    suffolk = norfolk_client.post(URL, json=complete({"parent.district": "suffolk"})).json()["problems"][0]["message"]
    assert "Suffolk outside Waveney" in suffolk


def test_kent_is_two_years_where_norfolk_is_four(client):
    draft = complete({"infant.date_of_birth": "2023-11-24"})
    assert [f["code"] for f in client.post(URL, json=draft).json()["problems"]] == ["infant_too_old"]
