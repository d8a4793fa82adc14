"""Issue 16 item 1: an oversized body is refused before anything reads it, on every address;
log lines carry a bounded slice of any text; handlers do their work off the event loop."""
from __future__ import annotations

import inspect
import logging

import structlog

from consult.logs import LOG_TEXT_LIMIT

LIMIT = 256 * 1024  # the settings' default (MAX_BODY_BYTES)


def test_a_declared_oversized_body_is_refused_with_413_and_a_json_detail(client, practitioner):
    big = b"x" * (LIMIT + 1)
    for path, headers in (
        ("/api/consultations", {**practitioner.headers, "content-type": "application/json"}),
        ("/api/faq/answer", {"content-type": "application/json"}),
        ("/referrals/check", {"content-type": "application/x-www-form-urlencoded"}),
        ("/signin", {"content-type": "application/x-www-form-urlencoded"}),
    ):
        response = client.post(path, content=big, headers=headers)
        assert response.status_code == 413, path
        assert response.json()["detail"] == f"The request body is too large: this address accepts at most {LIMIT} bytes."
        assert response.headers["x-content-type-options"] == "nosniff"  # still inside the security headers


def test_a_streamed_body_without_a_length_is_stopped_once_it_passes_the_limit(client):
    def chunks():
        for _ in range(64):  # 4 MiB, sent chunked: there is no Content-Length to refuse on
            yield b"a" * 65536

    response = client.post("/api/faq/answer", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "too large" in response.json()["detail"]


def test_a_body_within_the_limit_is_served_as_before(client):
    response = client.post("/api/faq/answer", json={"question": "how long till a referral is acknowledged"})
    assert response.status_code == 200


def test_a_long_text_is_cut_before_it_is_redacted_and_logged(caplog):
    caplog.set_level(logging.INFO)
    from consult.logs import RedactingFilter

    logger = logging.getLogger("bot")
    if not any(isinstance(f, RedactingFilter) for f in logger.filters):
        logger.addFilter(RedactingFilter())  # what configure_logging does for the app
    body = "token=legacy&text=ring+07700 900123 " + "a" * 100_000
    logger.info("Invalid request signature detected (body: %s)", body)
    [record] = [r for r in caplog.records if "Invalid request signature" in r.getMessage()]
    line = record.getMessage()
    assert len(line) < LOG_TEXT_LIMIT + 100
    assert "[phone]" in line and "07700 900123" not in line
    assert "more characters not logged]" in line


def test_a_structured_log_value_is_cut_too(capsys):
    from consult.logs import configure_logging
    from consult.settings import get_settings

    configure_logging(get_settings())
    structlog.get_logger("test").info("long_value", text="jo.pellow@demo.nhs.net " + "b" * 50_000)
    err = capsys.readouterr().err
    [line] = [line for line in err.splitlines() if "long_value" in line]
    assert len(line) < LOG_TEXT_LIMIT + 300 and "[email]" in line and "not logged" in line


# Endpoints that may stay coroutines: each only awaits (a provider's network call, a body) and
# hands its synchronous work to the threadpool.
MAY_BE_ASYNC = {"sso_start", "sso_callback", "slack_events"}


def test_no_route_does_its_work_on_the_event_loop(app):
    on_loop = sorted(
        route.endpoint.__module__ + ":" + route.endpoint.__name__
        for route in app.routes
        if inspect.iscoroutinefunction(getattr(route, "endpoint", None)) and route.endpoint.__name__ not in MAY_BE_ASYNC
        and route.endpoint.__module__.split(".")[0] in {"consult", "booking", "faq", "bot"}
    )
    assert on_loop == []

