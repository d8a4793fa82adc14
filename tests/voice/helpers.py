from __future__ import annotations

import re


def complaint_body(**changes) -> dict:
    body = {"received_on": "2026-11-23", "source": "parent", "about": "Waiting time for triage",
            "summary": "The parent was not told how long the wait for triage would be.", "reference": None}
    return {**body, **changes}


def csrf(client, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).text).group(1)


def sign_in(client, persona) -> None:
    response = client.post("/signin", data={"csrf_token": csrf(client, "/signin"), "email": persona.email,
                                            "password": persona.password}, follow_redirects=False)
    assert response.status_code == 303
