"""The interactive API description at /docs, with a Content-Security-Policy made for it.

Swagger UI comes from its CDN and starts from one inline script. The strict policy every other
page gets (`script-src 'self'`) would stop both, so this page names exactly what it needs: the
CDN's host for the bundle and its stylesheet, and the SHA-256 of that one inline script (computed
from the page itself, so it cannot drift from what FastAPI writes). Nothing else may run.
"""
from __future__ import annotations

import base64
import hashlib
import re

from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

DOCS_PATH = "/docs"
CDN = "https://cdn.jsdelivr.net"
FAVICON_HOST = "https://fastapi.tiangolo.com"
# FastAPI's own page; bounded, and run on our template only.
_INLINE_SCRIPT = re.compile(r"<script>(.{1,20000}?)</script>", re.S)


def docs_csp(html: str) -> str:
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html)
    )
    return (
        f"default-src 'none'; script-src {CDN} {hashes}; "
        # Swagger UI sets style attributes on its own elements.
        f"style-src {CDN} 'unsafe-inline'; img-src 'self' data: {FAVICON_HOST}; font-src {CDN}; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
    )


def mount_docs(app: FastAPI) -> None:
    page = get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} - API")
    html = bytes(page.body).decode()
    headers = {"Content-Security-Policy": docs_csp(html)}

    @app.get(DOCS_PATH, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(html, headers=headers)
