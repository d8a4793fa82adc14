"""The SMTP email notifier against a tiny local SMTP server: what a practitioner's inbox receives."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

from consult import notify
from consult.settings import reset_settings_cache


class TinySMTP:
    """Just enough SMTP (no TLS, no auth) to receive one conversation at a time on loopback."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.messages: list[str] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn, conn.makefile("rb") as lines:
                conn.sendall(b"220 tiny\r\n")
                data: list[str] | None = None
                for raw in lines:
                    line = raw.decode().rstrip("\r\n")
                    if data is not None:
                        if line == ".":
                            self.messages.append("\n".join(data))
                            data = None
                            conn.sendall(b"250 queued\r\n")
                        else:
                            data.append(line)
                        continue
                    verb = line.split(" ")[0].upper()
                    if verb == "DATA":
                        data = []
                        conn.sendall(b"354 go ahead\r\n")
                    elif verb == "QUIT":
                        conn.sendall(b"221 bye\r\n")
                        break
                    else:
                        conn.sendall(b"250 ok\r\n")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def smtp(monkeypatch) -> Iterator[TinySMTP]:
    server = TinySMTP()
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(server.port))
    reset_settings_cache()
    yield server
    server.close()
    reset_settings_cache()


def test_the_acknowledgement_email_carries_the_reference_and_respond_by_but_no_case_details(
        client, practitioner, smtp):
    question = "Mother of a four month old says she feels nothing when she holds the baby."
    response = client.post("/api/consultations", headers=practitioner.headers, json={"consent_confirmed": True,
        "question": question, "district": "Thanet", "concerns": ["not_bonding"]})
    assert response.status_code == 201
    (mail,) = [m for m in smtp.messages if "received" in m]
    assert "To: jo.pellow@nhs.net" in mail and "PIMH-2026-00001" in mail
    assert "Wednesday 25 November at 10:00" in mail
    assert "feels nothing" not in mail


def test_without_smtp_settings_the_email_notifier_stays_quiet(db):
    sent = notify.EmailNotifier().send(notify.Notice("advice", "subject", "text", notify.Recipient("Jo", "jo@nhs.net")))
    assert sent is False
