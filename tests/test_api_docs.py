"""Issue 16 item 6: /docs has a Content-Security-Policy that lets Swagger UI run and nothing else;
every other page keeps the strict one."""
from __future__ import annotations

import base64
import hashlib
import re

from consult.security import CSP

FAKE_BUNDLE = """
window.SwaggerUIBundle = function (config) {
  document.getElementById('swagger-ui').textContent = 'Swagger UI started with ' + config.url;
};
SwaggerUIBundle.presets = {apis: {}};
SwaggerUIBundle.SwaggerUIStandalonePreset = {};
"""


def _policy(response) -> dict[str, list[str]]:
    directives = [d.strip().split() for d in response.headers["content-security-policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def test_the_docs_page_may_run_only_the_cdn_bundle_and_its_own_inline_script(client):
    page = client.get("/docs")
    assert page.status_code == 200
    policy = _policy(page)
    [inline] = re.findall(r"<script>(.*?)</script>", page.text, re.S)
    digest = "'sha256-" + base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode() + "'"
    assert sorted(policy["script-src"]) == sorted(["https://cdn.jsdelivr.net", digest])
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert page.headers["cache-control"] == "no-store"


def test_every_other_page_keeps_the_strict_policy(client):
    for path in ("/", "/faq", "/signin", "/openapi.json"):
        assert client.get(path).headers["content-security-policy"] == CSP, path
    assert client.get("/redoc").status_code == 404  # only /docs is offered


def test_swagger_ui_starts_in_a_browser_under_that_policy(page, live_server):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    # The CDN is stood in for (no network in tests); the page and its policy are the real ones.
    page.route("https://cdn.jsdelivr.net/**", lambda route: route.fulfill(
        status=200, content_type="text/css" if route.request.url.endswith(".css") else "application/javascript",
        body="" if route.request.url.endswith(".css") else FAKE_BUNDLE))
    page.route("https://fastapi.tiangolo.com/**", lambda route: route.fulfill(status=204, body=""))
    page.goto(f"{live_server}/docs")
    page.wait_for_function("document.getElementById('swagger-ui').textContent.includes('started')")
    assert page.text_content("#swagger-ui") == "Swagger UI started with /openapi.json"
    assert violations == []
