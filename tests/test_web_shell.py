from __future__ import annotations


def test_health_check_reports_the_database(client):
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


def test_health_check_says_when_the_database_cannot_be_reached(client, monkeypatch, tmp_path):
    from tests.conftest import _reset_caches

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/no-such-folder/pimh.db")  # SQLite cannot open it
    _reset_caches()
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "degraded", "database": "unavailable"}


def test_home_page_names_the_service_and_its_hours(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "Kent Parent Infant Mental Health Service" in page.text
    assert "09:00-17:00" in page.text


def test_every_response_carries_security_headers(client):
    headers = client.get("/").headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in headers
    behind_https = client.get("/", headers={"X-Forwarded-Proto": "https"}).headers
    assert behind_https["strict-transport-security"].startswith("max-age=")


def test_errors_are_json_for_the_api_and_pages_for_people(client):
    assert client.get("/api/nothing-here").json() == {"detail": "Not Found"}
    page = client.get("/nothing-here", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Page not found" in page.text


def test_an_unexpected_error_is_a_plain_500_without_a_stack_trace(database_url, clock):
    from fastapi.testclient import TestClient

    from consult.app import create_app

    app = create_app()

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret internals 999 000 0018")

    response = TestClient(app, raise_server_exceptions=False).get("/api/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.text and "Traceback" not in response.text
