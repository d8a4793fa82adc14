"""Issue 16 item 6: a request whose database connection is cut while it runs is run once more
on a fresh connection, so the person sees their answer instead of a 500 (PostgreSQL: the
connection is really terminated with pg_terminate_backend, from outside, mid-request)."""
from __future__ import annotations

import time

import pytest
from conftest import POSTGRES_URL
from sqlalchemy import create_engine, event, func, select, text

needs_postgres = pytest.mark.skipif(not POSTGRES_URL, reason="needs PIMH_TEST_POSTGRES_URL (a real server to cut)")

REQUEST = {"consent_confirmed": True, 
    "channel": "web", "district": "Thanet", "urgency": "routine", "concerns": ["not_bonding"],
    "question": "Mother of a four month old feels detached and avoids eye contact with the baby.",
    "infant_age_months": 4, "preferred_contact": "chat",
}


def _terminate(pid: int) -> None:
    """Cut one server connection, and wait until the server has really closed it."""
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        for _ in range(500):
            if not conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}).scalar_one():
                break
            time.sleep(0.01)
    admin.dispose()


class CutOnce:
    """The first statement that matches has its connection cut just before it is sent."""

    def __init__(self, engine, marker: str) -> None:
        self.engine, self.marker, self.cuts = engine, marker, 0

    def __call__(self, conn, _cursor, statement, *_args) -> None:
        if self.cuts == 0 and self.marker in statement:
            self.cuts += 1
            _terminate(conn.connection.dbapi_connection.info.backend_pid)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self)
        return self

    def __exit__(self, *_exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self)


@needs_postgres
@pytest.mark.postgres
def test_a_read_whose_connection_is_cut_midway_still_answers(client, manager):
    from consult.db import get_engine

    with CutOnce(get_engine(), "FROM audit_events") as cut:
        response = client.get("/api/audit", headers=manager.headers)
    assert cut.cuts == 1
    assert response.status_code == 200


@needs_postgres
@pytest.mark.postgres
def test_a_write_whose_connection_is_cut_midway_is_stored_once(client, db, practitioner):
    from consult.consultations.models import Consultation
    from consult.db import get_engine

    with CutOnce(get_engine(), "INSERT INTO consultations") as cut:
        response = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers)
    assert cut.cuts == 1
    assert response.status_code == 201, response.text
    assert db.scalar(select(func.count()).select_from(Consultation)) == 1
    assert client.get(f"/api/consultations/{response.json()['reference']}", headers=practitioner.headers).status_code == 200


@needs_postgres
@pytest.mark.postgres
def test_the_next_request_after_every_connection_is_cut_succeeds(client, database_url, practitioner):
    assert client.get("/api/me", headers=practitioner.headers).status_code == 200
    admin = create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name "
                          "AND pid <> pg_backend_pid()"), {"name": database_url.rsplit("/", 1)[1]})
    admin.dispose()
    assert client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).status_code == 201
