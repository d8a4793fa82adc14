from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from consult.auth.models import ApiToken
from consult.deps import ClinicianApi, ClinicianPage, ManagerApi


def _protected_app() -> TestClient:
    app = FastAPI()

    @app.get("/queue")
    def queue(user: ClinicianApi):
        return {"user": user.name}

    @app.get("/reports")
    def reports(user: ManagerApi):
        return {"user": user.name}

    return TestClient(app)


def test_tokens_are_stored_only_as_hashes(db, practitioner):
    stored = [row.token_hash for row in db.query(ApiToken).all()]
    assert practitioner.token not in stored
    assert all(len(h) == 64 for h in stored)


def test_passwords_are_stored_only_as_argon2_hashes(db, clinician):
    from consult.auth.models import User

    stored = db.get(User, clinician.id).password_hash
    assert stored.startswith("$argon2id$") and clinician.password not in stored


def test_a_token_records_its_last_use_to_the_nearest_few_minutes(client, db, clock, clinician):
    def last_used():
        db.expire_all()
        return db.scalar(select(ApiToken.last_used_at).where(ApiToken.user_id == clinician.id))

    assert client.get("/api/me", headers=clinician.headers).status_code == 200
    first = last_used()
    assert first == clock.now()
    clock.advance(timedelta(minutes=4))
    client.get("/api/me", headers=clinician.headers)
    assert last_used() == first  # no write for every call
    clock.advance(timedelta(minutes=2))
    client.get("/api/me", headers=clinician.headers)
    assert last_used() == clock.now()


def test_no_token_is_401_and_the_wrong_role_is_403(practitioner, clinician, manager):
    client = _protected_app()
    assert client.get("/queue").status_code == 401
    assert client.get("/queue", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/queue", headers=practitioner.headers).status_code == 403
    assert client.get("/queue", headers=clinician.headers).json() == {"user": clinician.name}
    assert client.get("/reports", headers=clinician.headers).status_code == 403
    # Higher roles include the lower ones.
    assert client.get("/queue", headers=manager.headers).status_code == 200


def test_api_me_reports_the_token_holder(client, clinician):
    response = client.get("/api/me", headers=clinician.headers)
    assert response.status_code == 200
    assert response.json()["role"] == "clinician"
    assert client.get("/api/me").json()["detail"].startswith("Sign in needed")


def _csrf(client) -> str:
    page = client.get("/signin")
    marker = 'name="csrf_token" value="'
    start = page.text.index(marker) + len(marker)
    return page.text[start : page.text.index('"', start)]


def test_web_sign_in_sets_a_secure_session_and_sign_out_clears_it(client, clinician):
    token = _csrf(client)
    response = client.post(
        "/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert "Sign out Priya Castell" in client.get("/").text
    client.post("/signout", data={"csrf_token": _csrf(client)})
    assert "Sign out" not in client.get("/").text


def test_a_form_without_the_csrf_token_is_refused(client, clinician):
    response = client.post("/signin", data={"email": clinician.email, "password": clinician.password})
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, clinician, clock):
    token = _csrf(client)
    for _ in range(5):
        assert client.post("/signin", data={"csrf_token": token, "email": clinician.email, "password": "wrong-password!"}).status_code == 401  # noqa: E501
    locked = client.post("/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password})
    assert locked.status_code == 401
    clock.advance(timedelta(minutes=16))
    assert client.post(
        "/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password}, follow_redirects=False
    ).status_code == 303


def test_sign_in_never_redirects_off_site(client, clinician):
    token = _csrf(client)
    response = client.post(
        "/signin", data={"csrf_token": token, "email": clinician.email, "password": clinician.password, "next": "//evil.example"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_pages_that_need_sign_in_redirect_to_the_sign_in_page(client):

    app = client.app

    @app.get("/only-clinicians")
    def only(user: ClinicianPage):
        return {"ok": True}

    response = client.get("/only-clinicians", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/only-clinicians"
