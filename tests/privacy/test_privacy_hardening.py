"""Web hardening, checked item by item: cookies, CSRF, headers, rate limits, lock-out, errors."""
from __future__ import annotations

import logging
import re
import time

import httpx
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from consult.domains import COMPOSITION
from consult.settings import reset_settings_cache
from consult.web import template_dirs

from .helpers import csrf

# Signing out only ends the caller's own session, so it needs neither a limit nor a sign-in.
NOT_RATE_LIMITED = {"/signout"}


def _post_routes() -> list[tuple[str, set[str]]]:
    found = []
    for router in COMPOSITION.routers:
        for route in router.routes:
            if isinstance(route, APIRoute) and "POST" in route.methods:
                names: set[str] = set()
                stack = [route.dependant]
                while stack:
                    for dep in stack.pop().dependencies:
                        names.add(getattr(dep.call, "__qualname__", type(dep.call).__name__))
                        stack.append(dep)
                found.append((route.path, names))
    return found


def test_the_session_cookie_is_httponly_samesite_and_secure_behind_https(monkeypatch, database_url, clock, clinician):
    from consult.app import create_app

    monkeypatch.setenv("BASE_URL", "https://pimh.example.nhs.uk")
    reset_settings_cache()
    client = TestClient(create_app(), base_url="https://testserver")
    response = client.post("/signin", data={"csrf_token": csrf(client), "email": clinician.email,
                                            "password": clinician.password}, follow_redirects=False)
    cookie = response.headers["set-cookie"].lower()
    assert response.status_code == 303
    assert "pimh_session=" in cookie and "httponly" in cookie and "samesite=lax" in cookie and "secure" in cookie


def test_the_session_cookie_is_not_marked_secure_on_plain_http_for_local_development(client, clinician):
    response = client.post("/signin", data={"csrf_token": csrf(client), "email": clinician.email,
                                            "password": clinician.password}, follow_redirects=False)
    assert "secure" not in response.headers["set-cookie"].lower()


def test_every_form_post_checks_the_csrf_token():
    # Slack's and the telephone provider's webhooks carry no session: each is signed by the sender instead.
    forms = [(path, deps) for path, deps in _post_routes() if not path.startswith(("/api/", "/slack/", "/telephony/"))]
    assert forms, "no form routes found: the check would be vacuous"
    missing = [path for path, deps in forms if "verify_csrf" not in deps]
    assert missing == []


def test_every_public_post_is_rate_limited():
    public = [(path, deps) for path, deps in _post_routes()
              if "api_user" not in deps and not any(d.startswith("web_role") for d in deps) and path not in NOT_RATE_LIMITED]
    assert any(path == "/signin" for path, _ in public)
    missing = [path for path, deps in public if "rate_limit.<locals>.check" not in deps]
    assert missing == []


def test_no_template_has_an_inline_script_or_event_handler():
    # The CSP forbids inline scripts; an inline one would silently not run, so none may exist.
    offenders = []
    for directory in template_dirs():
        for path in directory.rglob("*.html") if directory.exists() else []:
            html = path.read_text(encoding="utf-8")
            if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.I) or re.search(r"\son[a-z]+\s*=", html, re.I):
                offenders.append(str(path))
    assert offenders == []


def test_security_headers_forbid_framing_inline_scripts_and_sniffing(client):
    headers = client.get("/privacy").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert "strict-transport-security" not in headers
    assert "max-age=31536000" in client.get("/privacy", headers={"X-Forwarded-Proto": "https"}).headers["strict-transport-security"]


def test_sign_in_is_rate_limited_with_retry_after(monkeypatch, database_url, clock, clinician):
    from consult.app import create_app
    from consult.ratelimit import reset_rate_limits

    monkeypatch.setenv("RATE_LIMITS", "on")
    reset_settings_cache()
    reset_rate_limits()
    client = TestClient(create_app())
    token = csrf(client)
    statuses = [client.post("/signin", data={"csrf_token": token, "email": "nobody@nhs.net", "password": "x" * 12}).status_code
                for _ in range(10)]
    assert statuses == [401] * 10
    refused = client.post("/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    reset_rate_limits()


def test_a_locked_account_stays_locked_even_with_the_right_password(client, clinician, clock):
    token = csrf(client)
    for _ in range(5):
        client.post("/signin", data={"csrf_token": token, "email": clinician.email, "password": "wrong-password!"})
    right = client.post("/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password})
    assert right.status_code == 401 and "locked for 15 minutes" in right.text


@pytest.fixture
def failing_app(app):
    @app.get("/api/boom")
    def api_boom():
        raise RuntimeError("secret internals 999 123 4578")

    @app.get("/boom")
    def page_boom():
        raise RuntimeError("secret internals 999 123 4578")

    return app


def test_an_unexpected_error_shows_no_stack_trace_and_the_server_logs_none(failing_app, live_server):
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    server_log = logging.getLogger("uvicorn.error")
    server_log.addHandler(handler)
    try:
        api = httpx.get(f"{live_server}/api/boom")
        page = httpx.get(f"{live_server}/boom", headers={"Accept": "text/html"})
        time.sleep(0.3)  # a server logs a re-raised error just after answering
    finally:
        server_log.removeHandler(handler)
    assert api.status_code == 500 and api.json()["detail"].startswith("Something went wrong")
    assert page.status_code == 500 and "Sorry, something went wrong" in page.text
    for body in (api.text, page.text):
        assert "secret internals" not in body and "Traceback" not in body and "4578" not in body
    assert "content-security-policy" in page.headers  # the error page is still a hardened page
    assert [r for r in records if r.levelno >= logging.ERROR] == []


def test_a_database_error_does_not_quote_the_values_it_was_given(db):
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as caught:
        # A missing table: the database's own message then quotes nothing (PostgreSQL's DETAIL
        # line for a constraint violation does quote the row; see docs/security.md).
        db.execute(text("INSERT INTO no_such_table (who) VALUES (:who)"), {"who": "999 123 4578"})
    db.rollback()
    assert "999 123 4578" not in str(caught.value)
    assert "parameters hidden" in str(caught.value)
