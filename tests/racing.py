"""Real threads released together by a barrier, for the tests of who wins a race.

Each worker opens its own HTTP connection (or database session), as separate people would; the
barrier makes them start at the same instant, so the database, not luck, decides the winner.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx

from consult.auth.models import Role
from consult.auth.service import add_user, create_token


def race(workers: list[Callable[[], Any]], *, timeout: float = 120) -> list[Any]:
    barrier = threading.Barrier(len(workers))
    results: list[Any] = [None] * len(workers)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = workers[i]()
        except Exception as exc:  # the test sees it as a result, not a silent dead thread
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(workers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    return results


def race_each(count: int, worker: Callable[[int], Any], *, timeout: float = 120) -> list[Any]:
    """`race` for `count` workers that differ only by their index: worker(0) ... worker(count - 1)."""
    return race([lambda i=i: worker(i) for i in range(count)], timeout=timeout)


def post(base_url: str, path: str, headers: dict[str, str], json: Any = None) -> Callable[[], tuple[int, dict]]:
    """A worker that makes one POST on its own connection and returns (status, body)."""
    def call() -> tuple[int, dict]:
        with httpx.Client(base_url=base_url, timeout=90) as client:
            response = client.post(path, json=json, headers=headers)
            return response.status_code, response.json()
    return call


def clinicians(db, n: int, prefix: str = "racer") -> list[dict[str, str]]:
    """n invented clinicians with tokens: their auth headers."""
    headers = []
    for i in range(n):
        user = add_user(db=db, name=f"Clinician {prefix.title()} {i}", email=f"{prefix}{i}@nhs.net", role=Role.clinician,
                        job_role="Specialist practitioner")
        headers.append({"Authorization": f"Bearer {create_token(db=db, user=user)}"})
    db.commit()
    return headers
