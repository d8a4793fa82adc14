"""Checks every request gets before its route runs (an app-wide dependency).

NUL bytes: PostgreSQL refuses them in text, so a NUL anywhere (path, query, form field or JSON
string) would reach the database as a 500. They are refused here, once, with a 422 naming where
the NUL was, instead of in every string type of every model.
"""
from __future__ import annotations

import json

from fastapi import Request
from fastapi.exceptions import RequestValidationError

from consult.core.types import refuse_nul

MESSAGE = "must not contain a NUL character"
# Checks that keep nothing: a draft pasted with a stray control character still gets its answer
# (the readiness rules never crash on any text; tests/readiness/test_properties.py).
STORES_NOTHING = frozenset({"/api/referrals/readiness"})


def _refuse(where: tuple[str | int, ...]) -> RequestValidationError:
    return RequestValidationError([{"loc": list(where), "msg": MESSAGE, "type": "nul_character"}])


async def refuse_nul_bytes(request: Request) -> None:
    for name, value in request.path_params.items():
        if isinstance(value, str) and "\x00" in value:
            raise _refuse(("path", name))
    for name, value in request.query_params.multi_items():
        if "\x00" in name or "\x00" in value:
            raise _refuse(("query", name))
    if request.url.path in STORES_NOTHING:
        return
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE") or request.url.path.startswith("/slack/"):
        return  # Slack's body is checked by its signature and parsed by bolt, not stored as sent
    content_type = request.headers.get("content-type", "")
    if "json" in content_type:
        body = await request.body()
        if b"\\u0000" not in body:  # the only way JSON spells a NUL inside a string
            return
        try:
            found = refuse_nul(json.loads(body))
        except ValueError:
            return  # not JSON: the route's own parsing answers 422
        except RecursionError:  # nested past any real body: refuse it rather than walk it
            raise _refuse(("body",)) from None
        if found is not None:
            raise _refuse(("body", *found))
    elif "form" in content_type:
        form = await request.form()  # parsed once: the route's own Form() fields read the same copy
        for name, value in form.multi_items():
            if "\x00" in name or (isinstance(value, str) and "\x00" in value):
                raise _refuse(("body", name))
