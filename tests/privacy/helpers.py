from __future__ import annotations


def csrf(client, path: str = "/signin") -> str:
    page = client.get(path)
    marker = 'name="csrf_token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def web_sign_in(client, persona) -> None:
    response = client.post("/signin", data={"csrf_token": csrf(client), "email": persona.email,
                                            "password": persona.password, "next": "/"}, follow_redirects=False)
    assert response.status_code == 303, response.text
