"""Schemathesis over the app's own OpenAPI schema: whatever arrives, from whoever, no operation
answers 5xx, and every 4xx is a JSON body with a `detail` saying what was wrong.

The database is seeded with the demo history first, so generated ids, references and slot ids
land on real rows as well as missing ones. Every operation is called with each role's bearer
token and with none: the admin gets valid (positive) and deliberately invalid (negative) cases,
the other callers a few of each, so the run stays within a couple of minutes on two cores.
Generation is derandomised so CI and a developer see the same cases.
"""
from __future__ import annotations

import os
import time

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

EXAMPLES = int(os.environ.get("PIMH_FUZZ_EXAMPLES", "4"))  # per operation and mode, for the admin
OTHERS = int(os.environ.get("PIMH_FUZZ_OTHER_EXAMPLES", "2"))  # per operation and mode, other callers


def _content_type(response) -> str:
    value = response.headers.get("content-type") or ""
    return (value[0] if value else "") if isinstance(value, list) else value  # schemathesis keeps lists


def _seed(db) -> None:
    from consult.seeding import SeedOptions, run_seeders

    run_seeders(db, SeedOptions(consultations=12))


def test_no_operation_answers_a_server_error_to_any_caller(app, db, admin, manager, clinician, practitioner, capsys):
    _seed(db)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40, "the schema lists too few operations for this run to mean anything"
    callers = {"admin": admin.token, "manager": manager.token, "clinician": clinician.token,
               "practitioner": practitioner.token, "nobody": None}
    failures: list[str] = []
    calls = 0
    started = time.monotonic()

    def exercise(strategy, mode, caller, token, examples):
        @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def run(data):
            nonlocal calls
            case = data.draw(strategy)
            headers = dict(case.headers or {})
            if token is not None:
                headers.setdefault("Authorization", f"Bearer {token}")
            response = case.call(headers=headers)
            calls += 1
            where = f"{response.status_code} {case.method} {case.formatted_path} ({mode.value}, {caller})"
            if response.status_code >= 500:
                failures.append(where)
            elif response.status_code >= 400 and _content_type(response).startswith("application/json"):
                body = response.json()
                if not isinstance(body, dict) or "detail" not in body:
                    failures.append(f"{where}: no detail in {str(body)[:80]}")

        return run

    for operation in operations:
        for caller, token in callers.items():
            examples = EXAMPLES if caller == "admin" else OTHERS
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                try:
                    exercise(operation.as_strategy(generation_mode=mode), mode, caller, token, examples)()
                except Exception as exc:  # an unsatisfiable schema must not hide the other operations' results
                    if "Unsatisfiable" not in type(exc).__name__:
                        raise
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzzing: {len(operations)} operations x {len(callers)} callers, {calls} requests in {elapsed:.1f} s, "
              f"{len(failures)} failures")
    assert failures == []
