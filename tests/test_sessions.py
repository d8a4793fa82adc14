"""Issue 16 item 5: a session lives on the server, so signing out (or its expiry) ends every
copy of its cookie; and no page or API answer may be kept by a browser or a proxy."""
from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from consult.auth.models import User, WebSession
from consult.consultations import service
from consult.consultations.commands import ConsultationRequest
from tests.privacy.helpers import csrf, web_sign_in

PAGE = "/consultations/new"  # any page that needs sign-in


def _copy_of_cookie(client) -> str:
    return client.cookies["pimh_session"]


def _with_cookie(app, cookie: str) -> TestClient:
    other = TestClient(app)
    other.cookies.set("pimh_session", cookie)
    return other


def _signed_in(response) -> bool:
    return response.status_code == 200  # otherwise 303 to /signin


def test_a_copied_cookie_stops_working_once_its_owner_signs_out(app, client, practitioner):
    web_sign_in(client, practitioner)
    copied = _copy_of_cookie(client)
    thief = _with_cookie(app, copied)
    assert _signed_in(thief.get(PAGE, follow_redirects=False))  # the copy works while the session stands

    assert client.post("/signout", data={"csrf_token": csrf(client, "/")}, follow_redirects=False).status_code == 303

    answer = thief.get(PAGE, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/signin")


def test_a_copied_cookie_stops_working_when_the_session_expires(app, client, practitioner, clock):
    web_sign_in(client, practitioner)
    thief = _with_cookie(app, _copy_of_cookie(client))
    clock.advance(timedelta(hours=7, minutes=59))
    assert _signed_in(thief.get(PAGE, follow_redirects=False))
    clock.advance(timedelta(minutes=2))  # 8 hours and a minute after signing in
    assert thief.get(PAGE, follow_redirects=False).status_code == 303
    assert client.get(PAGE, follow_redirects=False).status_code == 303  # the owner's browser too


def test_signing_out_ends_only_that_browser(app, client, practitioner):
    web_sign_in(client, practitioner)
    phone = TestClient(app)
    web_sign_in(phone, practitioner)
    client.post("/signout", data={"csrf_token": csrf(client, "/")})
    assert client.get(PAGE, follow_redirects=False).status_code == 303
    assert _signed_in(phone.get(PAGE, follow_redirects=False))


def test_the_database_keeps_only_a_hash_of_the_cookie_key(client, db, practitioner):
    web_sign_in(client, practitioner)
    [row] = db.scalars(select(WebSession)).all()
    assert row.user_id == practitioner.id and len(row.key_hash) == 64 and row.revoked_at is None
    assert row.expires_at - row.created_at == timedelta(hours=8)
    assert row.key_hash not in client.cookies["pimh_session"]


def test_erasing_an_account_ends_its_sessions(app, client, db, practitioner):
    from consult.privacy.accounts import erase_account
    from consult.privacy.subject_access import Subject

    web_sign_in(client, practitioner)
    erase_account(db, Subject(email=practitioner.email))
    db.commit()
    assert client.get(PAGE, follow_redirects=False).status_code == 303
    assert db.scalar(select(WebSession.revoked_at)) is not None


def test_the_retention_purge_removes_sessions_ended_a_month_ago(client, db, practitioner, clock):
    from consult.privacy.retention import run_purge

    web_sign_in(client, practitioner)
    clock.advance(timedelta(days=20))
    assert run_purge(db=db).get("web_sessions", 0) == 0  # ended 20 days ago: kept
    clock.advance(timedelta(days=11))
    assert run_purge(db=db)["web_sessions"] == 1
    assert db.scalars(select(WebSession)).all() == []


# -- caching -------------------------------------------------------------------------------------
def test_no_page_or_api_answer_with_someones_data_may_be_stored(client, db, practitioner, clinician):
    made = service.create_consultation(db=db, practitioner=db.get(User, practitioner.id), request=ConsultationRequest(
            consent_confirmed=True, channel="web",
            summary="Mother of a five month old feels like a stranger to her baby.",
            district="Thanet"))
    db.commit()
    reference = made.reference
    api = client.get(f"/api/consultations/{reference}", headers=clinician.headers)
    assert api.status_code == 200 and api.headers["cache-control"] == "no-store"
    assert client.get("/api/me", headers=practitioner.headers).headers["cache-control"] == "no-store"
    assert client.get("/api/consultations", headers=practitioner.headers).headers["cache-control"] == "no-store"

    web_sign_in(client, clinician)
    for path in (f"/consultations/{reference}", "/consultations", "/book/clinic", "/referrals", "/"):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.headers["cache-control"] == "no-store", path


def test_static_assets_may_still_be_cached(client):
    css = client.get("/static/site.css")
    assert css.status_code == 200
    assert "no-store" not in css.headers.get("cache-control", "")
