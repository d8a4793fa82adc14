"""Two delegates taking a course's last place at the same instant: one gets it, the other waits.

Real threads, each with its own connection to the real server; SQLite by default, PostgreSQL with
PIMH_TEST_POSTGRES_URL.
"""
from __future__ import annotations

from collections import Counter

import httpx

from tests.racing import post, race
from tests.workforce.helpers import course_body, delegates

ROUNDS = 3


def test_the_last_place_taken_by_two_at_once_books_one_and_waitlists_the_other(live_server, db, manager):
    for round_ in range(ROUNDS):
        with httpx.Client(base_url=live_server, timeout=90) as client:
            course = client.post("/api/training/courses", json=course_body(capacity=2, title=f"Attachment course {round_}"),
                                 headers=manager.headers).json()
        first, *racers = delegates(db, 3, prefix=f"round{round_}-")
        with httpx.Client(base_url=live_server, timeout=90) as client:
            taken = client.post(f"/api/training/courses/{course['id']}/bookings", headers=first[1])
            assert taken.json()["status"] == "booked"
        results = race([post(live_server, f"/api/training/courses/{course['id']}/bookings", h) for _, h in racers])
        assert [code for code, _ in results] == [201, 201]
        assert Counter(b["status"] for _, b in results) == {"booked": 1, "waiting_list": 1}
        with httpx.Client(base_url=live_server, timeout=90) as client:
            shown = [c for c in client.get("/api/training/courses", headers=manager.headers).json()["courses"]
                     if c["id"] == course["id"]][0]
        assert (shown["booked"], shown["waiting_list"], shown["places_left"]) == (2, 1, 0)
