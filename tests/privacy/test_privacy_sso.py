from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from sqlalchemy import select

from consult.auth.models import User
from consult.privacy.audit import search
from consult.settings import reset_settings_cache

from .fake_oidc import CLIENT_ID, CLIENT_SECRET, FakeProvider


@pytest.fixture
def provider(monkeypatch, database_url):
    with FakeProvider() as fake:
        monkeypatch.setenv("OIDC_ISSUER", fake.issuer)
        monkeypatch.setenv("OIDC_CLIENT_ID", CLIENT_ID)
        monkeypatch.setenv("OIDC_CLIENT_SECRET", CLIENT_SECRET)
        monkeypatch.setenv("OIDC_PROVIDER_NAME", "Microsoft")
        reset_settings_cache()
        yield fake


def _round_trip(client, next_path: str = "/"):
    """Our app -> provider's authorize -> back to our callback, following each hop by hand."""
    start = client.get("/signin/sso", params={"next": next_path}, follow_redirects=False)
    assert start.status_code in (302, 303, 307), start.text
    at_provider = httpx.get(start.headers["location"], follow_redirects=False)
    assert at_provider.status_code == 302
    callback = urlparse(at_provider.headers["location"])
    return client.get(f"{callback.path}?{callback.query}", follow_redirects=False)


def test_single_sign_on_signs_in_the_existing_account_with_that_email(provider, client, db, clinician):
    assert "Sign in with Microsoft" in client.get("/signin").text
    response = _round_trip(client, "/audit")
    assert response.status_code == 303 and response.headers["location"] == "/audit"
    assert "Sign out Priya Castell" in client.get("/").text
    events = search(db=db, record=f"user:{clinician.id}").rows
    assert [(e.action, e.detail) for e in events] == [("sign_in", "single sign-on")]


def test_the_request_to_the_provider_carries_state_nonce_and_our_callback(provider, client, clinician):
    start = client.get("/signin/sso", follow_redirects=False)
    query = parse_qs(urlparse(start.headers["location"]).query)
    assert query["client_id"] == [CLIENT_ID] and query["response_type"] == ["code"]
    assert query["redirect_uri"] == ["http://127.0.0.1:8000/signin/sso/callback"]
    assert query["state"][0] and query["nonce"][0] and "openid" in query["scope"][0]


def test_an_email_without_an_account_is_refused_and_no_account_is_created(provider, client, db, clinician):
    provider.email = "stranger@nhs.net"
    response = _round_trip(client)
    assert response.status_code == 403 and "no active PIMH Consult account" in response.text
    assert db.scalar(select(User).where(User.email == "stranger@nhs.net")) is None
    assert "Sign out" not in client.get("/").text


def test_an_unverified_email_is_refused(provider, client, clinician):
    provider.extra_claims = {"email_verified": False}
    assert _round_trip(client).status_code == 403


def test_an_id_token_signed_with_a_key_the_provider_does_not_publish_is_refused(provider, client, clinician):
    provider.sign_with_rogue_key = True
    response = _round_trip(client)
    assert response.status_code == 400 and "did not complete" in response.text
    assert "Sign out" not in client.get("/").text


@pytest.mark.parametrize("claims", [{"nonce": "replayed"}, {"aud": "some-other-app"}, {"iss": "https://evil.example"},
                                    {"exp": 1_000_000_000, "iat": 999_999_000}])
def test_an_id_token_with_the_wrong_nonce_audience_issuer_or_expiry_is_refused(provider, client, clinician, claims):
    provider.extra_claims = claims
    assert _round_trip(client).status_code == 400


def test_a_callback_that_did_not_start_here_is_refused(provider, client, clinician):
    response = client.get("/signin/sso/callback?code=abc&state=forged", follow_redirects=False)
    assert response.status_code == 400


def test_single_sign_on_is_off_unless_configured(client):
    assert client.get("/signin/sso", follow_redirects=False).status_code == 404
    assert "single sign-on" not in client.get("/signin").text.lower()


def test_an_unreachable_provider_is_a_clear_message_not_a_crash(monkeypatch, database_url, client):
    monkeypatch.setenv("OIDC_ISSUER", "http://127.0.0.1:9")  # nothing listens on the discard port
    monkeypatch.setenv("OIDC_CLIENT_ID", "x")
    monkeypatch.setenv("OIDC_CLIENT_SECRET", "y")
    reset_settings_cache()
    response = client.get("/signin/sso", follow_redirects=False)
    assert response.status_code == 502 and "password instead" in response.text
