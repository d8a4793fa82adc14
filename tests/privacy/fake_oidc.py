"""A tiny OpenID Connect provider on localhost: discovery, authorize, token, keys. No network.

It signs ID tokens with its own RSA key (or, to test refusals, with a key it does not publish,
or with the wrong nonce or audience). Its clock is the real one: it is an outside party.
"""
from __future__ import annotations

import secrets
import socket
import threading
import time
from urllib.parse import urlencode

import uvicorn
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "pimh-consult-test"
CLIENT_SECRET = "test-client-secret"


class FakeProvider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "published"})
        self.rogue_key = RSAKey.generate_key(2048, parameters={"kid": "published"})
        self.email: str | None = "priya.castell@nhs.net"
        self.extra_claims: dict = {}
        self.sign_with_rogue_key = False
        self.codes: dict[str, dict] = {}
        self.port = _free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.app = self._build()

    def _build(self) -> FastAPI:
        app = FastAPI()

        @app.get("/.well-known/openid-configuration")
        def discovery():
            return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"], "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"]}

        @app.get("/jwks")
        def jwks():
            return {"keys": [self.key.as_dict(private=False)]}

        @app.get("/authorize")
        def authorize(redirect_uri: str, state: str, client_id: str, nonce: str = ""):
            # The user "signs in" at the provider at once.
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"nonce": nonce, "client_id": client_id}
            return RedirectResponse(f"{redirect_uri}?{urlencode({'code': code, 'state': state})}", status_code=302)

        @app.post("/token")
        async def token(request: Request, code: str = Form(...)):
            form = await request.form()
            sent_secret = form.get("client_secret")
            auth = request.headers.get("authorization", "")
            if sent_secret != CLIENT_SECRET and not auth.startswith("Basic "):
                raise HTTPException(401, "client authentication failed")
            grant = self.codes.pop(code, None)
            if grant is None:
                raise HTTPException(400, "invalid_grant")
            now = int(time.time())
            claims = {"iss": self.issuer, "aud": CLIENT_ID, "sub": "subject-123", "iat": now, "exp": now + 300,
                      "nonce": grant["nonce"]}
            if self.email is not None:
                claims["email"] = self.email
            claims.update(self.extra_claims)
            key = self.rogue_key if self.sign_with_rogue_key else self.key
            id_token = jwt.encode({"alg": "RS256", "kid": "published"}, claims, key)
            return {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 300, "id_token": id_token}

        return app

    def __enter__(self) -> FakeProvider:
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake OIDC provider did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
