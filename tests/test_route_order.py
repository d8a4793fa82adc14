"""Issue 23: the hot public routes are tried first (consult/domains.py, FIRST). Moving a route
earlier must never take a request away from another route: no route may be shadowed by one tried
before it (the same method, and a path pattern that matches the later route's own pattern), and
/openapi.json must document exactly what the routers do."""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from starlette.routing import Mount

from consult.contract import ContractError, DomainContract, compose
from consult.domains import COMPOSITION, FIRST

# A value each kind of path parameter accepts, and no literal segment of ours spells.
_SAMPLES = {"int": "7", "float": "7.5", "path": "sample/part", "uuid": "6f1d2c3a-0b4e-4f5a-8c7d-9e0f1a2b3c4d"}
_PARAM = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::([A-Za-z_]+))?\}")


def routes_in_order(routes: list[Any]) -> Iterator[Any]:
    """Every route in the order the app tries them, included routers opened where they stand
    (the app includes them without a prefix, so each route's own path is the one matched)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from routes_in_order(included.routes)
        else:
            yield route


def example_path(route: Any) -> str:
    """A path this route answers (its pattern, each parameter given a value of its kind)."""
    if isinstance(route, Mount):
        return route.path + "/" + _SAMPLES["path"]
    return _PARAM.sub(lambda m: _SAMPLES.get(m.group(2) or "", "sample-" + m.group(1)), route.path)


def _methods(route: Any) -> set[str] | None:
    methods = getattr(route, "methods", None)
    return None if methods is None else set(methods)  # None: every method (a mount)


def shadowed(routes: list[Any]) -> list[str]:
    """Each later route whose own example path an earlier route with a shared method matches.
    The same route object met twice (a FIRST route, then in its own router) is not a clash."""
    ordered = list(routes_in_order(routes))
    found = []
    for i, later in enumerate(ordered):
        path = example_path(later)
        for earlier in ordered[:i]:
            if earlier is later or getattr(earlier, "endpoint", object()) is getattr(later, "endpoint", None):
                continue
            a, b = _methods(earlier), _methods(later)
            if a is not None and b is not None and not a & b:
                continue
            if earlier.path_regex.match(path):
                found.append(f"{sorted(b or ['*'])} {later.path} is shadowed by {earlier.path}")
                break
    return found


def test_the_check_finds_a_general_route_before_a_specific_one():
    router = APIRouter()
    router.add_api_route("/referrals/{reference}", lambda reference: reference, methods=["GET"])
    router.add_api_route("/referrals/check", lambda: "check", methods=["GET"])
    router.add_api_route("/referrals/check", lambda: "check", methods=["POST"])  # another method: not shadowed
    app = FastAPI()
    app.include_router(router)
    assert shadowed(app.router.routes) == ["['GET'] /referrals/check is shadowed by /referrals/{reference}"]


def test_no_route_of_the_app_is_shadowed_by_one_tried_before_it(app):
    assert shadowed(app.router.routes) == []


def test_the_hot_routes_are_tried_before_every_domain_router(app):
    in_routers = {id(r) for router in COMPOSITION.routers for r in router.routes}
    first = {id(r) for r in COMPOSITION.first_routes}
    assert first <= in_routers  # the very route objects of their routers, which still hold them
    ordered = list(routes_in_order(app.router.routes))
    others_begin = next(i for i, r in enumerate(ordered) if id(r) in in_routers and id(r) not in first)
    tried_first = {(method, r.path) for r in ordered[:others_begin] for method in getattr(r, "methods", None) or ()}
    assert set(FIRST) <= tried_first


def test_the_api_document_lists_what_the_routers_do_once_each(app):
    expected: dict[str, set[str]] = {}
    for router in COMPOSITION.routers:
        for route in router.routes:
            if getattr(route, "include_in_schema", False):
                expected.setdefault(route.path, set()).update(m.lower() for m in route.methods)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # FastAPI warns of a duplicate operation id
        document = app.openapi()
    assert {path: set(ops) for path, ops in document["paths"].items()} == expected


def test_a_first_route_no_domain_has_stops_the_composition():
    with pytest.raises(ContractError, match="GET /nowhere"):
        compose([DomainContract(name="line")], first=[("GET", "/nowhere")])
