"""Schemathesis over the app's own OpenAPI schema: whatever arrives, no operation answers 5xx.

Each operation gets a bounded number of generated requests, valid and deliberately invalid,
with an admin's bearer token so protected operations are exercised past their auth check.
The generation is derandomised so CI and a developer see the same cases.
"""
from __future__ import annotations

import os
import time

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

EXAMPLES = int(os.environ.get("PIMH_FUZZ_EXAMPLES", "6"))


def test_no_operation_answers_a_server_error_to_generated_requests(app, admin, capsys):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5, "the schema lists too few operations for this run to mean anything"
    failures: list[str] = []
    calls = 0
    started = time.monotonic()

    def exercise(strategy, mode):
        @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        def run(data):
            nonlocal calls
            case = data.draw(strategy)
            headers = dict(case.headers or {})
            headers.setdefault("Authorization", f"Bearer {admin.token}")
            response = case.call(headers=headers)
            calls += 1
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {case.method} {case.formatted_path} ({mode.value})")

        return run

    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                exercise(operation.as_strategy(generation_mode=mode), mode)()
            except Exception as exc:  # an unsatisfiable schema must not hide the other operations' results
                if "Unsatisfiable" not in type(exc).__name__:
                    raise
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzzing: {len(operations)} operations, {calls} requests in {elapsed:.1f} s, {len(failures)} server errors")
    assert failures == []
